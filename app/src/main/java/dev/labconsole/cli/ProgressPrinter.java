package dev.labconsole.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on standard error: one line rewritten in place on a terminal, a line per tenth otherwise
 * (so logs and CI output stay readable).
 */
final class ProgressPrinter {

    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private long lastPrinted = -1;
    private boolean wroteInPlace;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    void texts(int done, int total) {
        report(done, total, String.format(Locale.ROOT, "classified %,d / %,d texts", done, total));
    }

    void bytes(String what, long done, long total) {
        String amount = total > 0
                ? String.format(Locale.ROOT, "%.1f / %.1f MB", done / 1e6, total / 1e6)
                : String.format(Locale.ROOT, "%.1f MB", done / 1e6);
        report(done, total, what + ": " + amount);
    }

    private void report(long done, long total, String message) {
        long step = total > 0 ? done * 10 / total : -1;
        if (terminal) {
            err.print("\r" + message + (total > 0 ? String.format(Locale.ROOT, " (%d%%)", done * 100 / total) : ""));
            err.flush();
            wroteInPlace = true;
        } else if (step != lastPrinted) {
            lastPrinted = step;
            err.println(message);
        }
    }

    void finish() {
        if (wroteInPlace) {
            err.println();
        }
    }
}
