package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabListener;
import dev.labconsole.lab.LabRun;
import java.time.Duration;
import java.util.Optional;

/**
 * A command that changes the lab ({@code apply}, {@code destroy}): while it asks for confirmation only
 * warnings and failures print, so the question is not buried under progress; once the run is
 * confirmed every event prints. With {@code --json}, progress goes to standard error and standard
 * output carries only the JSON document.
 *
 * <p>Ctrl-C stops the run instead of killing it mid-call: the shutdown hook cancels it (every wait ends
 * within a second) and waits briefly, so the steps record where they got to and the next run resumes.
 */
abstract class ChangingLabCommand extends LabCommand {

    /** How long Ctrl-C waits for the stopped run to record its state before the process ends. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private LabEventPrinter printer;
    private Thread stopOnInterrupt;

    @Override
    final LabListener listener() {
        printer = new LabEventPrinter(options.json ? err : out).hold();
        return printer;
    }

    /** Prints every event from now on: call once the run is confirmed. */
    final void confirmed() {
        printer.release();
    }

    @Override
    final void opened(LabEngine engine) {
        stopOnInterrupt = new Thread(() -> stop(engine), "labconsole-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
    }

    @Override
    final void closing(LabEngine engine) {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (Ctrl-C): it finishes on its own.
        }
    }

    private void stop(LabEngine engine) {
        Optional<LabRun> running = engine.currentRun();
        if (running.isEmpty()) {
            return;
        }
        err.println("Stopping: the steps under way end within a second and record where they got to;"
                + " run the same command again to carry on.");
        err.flush();
        running.get().cancel();
        running.get().await(STOP_GRACE);
        printer.flush();
    }
}
