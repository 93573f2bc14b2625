package dev.labconsole.cli;

/** The command line's exit codes. */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** Something failed while running. */
    public static final int FAILED = 1;
    /** The input was wrong; nothing was called. */
    public static final int BAD_INPUT = 2;

    private ExitCode() {
    }
}
