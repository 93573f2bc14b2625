package dev.labconsole.cli;

import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabListener;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Prints the engine's events as they happen, one line each, stamped with the local time:
 * {@code [12:01:02] NAT gateway ... waiting for the NAT gateway to become available}. The engine
 * calls it from several worker threads at once; one lock keeps lines whole.
 */
final class LabEventPrinter implements LabListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    // While held (before the user said yes), only warnings and failures are printed: the identity
    // look-up that fills the prompt is not yet part of the run.
    private volatile boolean held;

    LabEventPrinter(PrintWriter out) {
        this.out = out;
    }

    /** Prints only warnings and failures until {@link #release()}. */
    LabEventPrinter hold() {
        held = true;
        return this;
    }

    /** Prints every event from now on. */
    void release() {
        held = false;
    }

    /** Pushes out what is printed (before the process ends on Ctrl-C). */
    void flush() {
        synchronized (out) {
            out.flush();
        }
    }

    @Override
    public void onEvent(LabEvent event) {
        if (held && event.kind() != LabEvent.Kind.WARNING && event.kind() != LabEvent.Kind.FAILED) {
            return;
        }
        String line = "[" + TIME.format(event.at()) + "] " + text(event);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    static String text(LabEvent event) {
        String title = event.step() == null ? "lab" : event.step().title();
        return switch (event.kind()) {
            case STARTED -> event.message() + " ...";
            case DONE -> "\u2713 " + event.message() + " (" + LabFormat.duration(event.elapsed()) + ")";
            // The engine's reasons usually name the step already ("doing 'VPC' failed: ...").
            case FAILED -> "\u2717 " + title + ": " + event.message();
            case SKIPPED -> "- " + title + " skipped: " + event.message();
            case WARNING -> title + " ... warning: " + event.message();
            case WAITING, PROGRESS, RESOURCE -> title + " ... " + event.message();
        };
    }

    /**
     * A listener for commands that only read: warnings go to {@code err}, the rest is quiet (a failure
     * reaches the command as an exception and is printed once, there).
     */
    static LabListener quiet(PrintWriter err) {
        LabEventPrinter printer = new LabEventPrinter(err);
        return event -> {
            if (event.kind() == LabEvent.Kind.WARNING) {
                printer.onEvent(event);
            }
        };
    }
}
