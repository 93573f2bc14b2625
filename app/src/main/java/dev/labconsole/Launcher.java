package dev.labconsole;

import dev.labconsole.cli.LabConsoleCommand;

/**
 * Opens the console window when started with no arguments, otherwise runs a command.
 *
 * <p>This class is deliberately not a JavaFX {@code Application}: started from a plain class path,
 * JavaFX refuses a main class that extends it, and the commands must not need a display.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            dev.labconsole.ui.ConsoleApp.launchWindow(args);
            return;
        }
        System.exit(LabConsoleCommand.run(args));
    }
}
