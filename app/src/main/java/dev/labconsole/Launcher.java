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

    /** JavaFX on Linux needs an X11 or Wayland display unless a headless platform is chosen. */
    static boolean displayAvailable() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return true;
        }
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null
                || "Monocle".equals(System.getProperty("glass.platform"));
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            if (!displayAvailable()) {
                System.err.println("labconsole: no display to open the window on (DISPLAY is not set)."
                        + " Run it on a desktop, under xvfb-run, or use a command: ./labconsole --help");
                System.exit(2);
            }
            try {
                dev.labconsole.ui.ConsoleApp.launchWindow(args);
            } catch (UnsupportedOperationException e) {
                // JavaFX's Linux windowing sits on GTK 3; a server install may not have it.
                System.err.println("labconsole: cannot open the window: " + e.getMessage()
                        + " Install GTK 3 (Debian/Ubuntu: sudo apt-get install libgtk-3-0), or use a command:"
                        + " ./labconsole --help");
                System.exit(1);
            }
            return;
        }
        System.exit(LabConsoleCommand.run(args));
    }
}
