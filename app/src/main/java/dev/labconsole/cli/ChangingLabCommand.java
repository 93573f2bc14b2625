package dev.labconsole.cli;

import dev.labconsole.lab.LabListener;

/**
 * A command that changes the lab ({@code apply}, {@code destroy}): while it asks for confirmation only
 * warnings and failures print, so the question is not buried under progress; once the run is
 * confirmed every event prints. With {@code --json}, progress goes to standard error and standard
 * output carries only the JSON document.
 */
abstract class ChangingLabCommand extends LabCommand {

    private LabEventPrinter printer;

    @Override
    final LabListener listener() {
        printer = new LabEventPrinter(options.json ? err : out).hold();
        return printer;
    }

    /** Prints every event from now on: call once the run is confirmed. */
    final void confirmed() {
        printer.release();
    }
}
