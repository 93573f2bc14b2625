package dev.labconsole.cli;

import dev.labconsole.image.ImageProgress;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An image build's progress on standard error: its stages, and each layer's bytes at every tenth (layers
 * go up side by side, so a line each rather than one line rewritten in place).
 */
final class LayerProgressPrinter implements ImageProgress {

    private final PrintWriter err;
    private final Map<String, Long> lastTenth = new HashMap<>();

    LayerProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void layer(String layer, long doneBytes, long totalBytes) {
        long tenth = totalBytes > 0 ? doneBytes * 10 / totalBytes : 10;
        Long last = lastTenth.put(layer, tenth);
        if (last == null || tenth != last) {
            err.println(String.format(Locale.ROOT, "  %s: %.1f / %.1f MB", layer, doneBytes / 1e6, totalBytes / 1e6));
            err.flush();
        }
    }

    @Override
    public synchronized void note(String message) {
        err.println(message);
        err.flush();
    }
}
