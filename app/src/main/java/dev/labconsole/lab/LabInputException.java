package dev.labconsole.lab;

import java.util.stream.Collectors;

/**
 * Apply refused to start: a value it would use cannot be used ({@link InputCheck}); nothing was asked of
 * AWS and nothing was created. The command line exits 2 on it; the window shows the problems.
 */
public final class LabInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient InputCheck check;

    public LabInputException(InputCheck check) {
        super(check.problems().stream().map(InputCheck.Problem::message).collect(Collectors.joining("; ")));
        this.check = check;
    }

    /** The problems, one per bad value. */
    public InputCheck check() {
        return check;
    }
}
