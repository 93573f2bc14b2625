package dev.labconsole.lab;

import java.nio.file.Path;

/**
 * A state file Lab Console cannot use as it is (damaged, cut short, another lab's): nothing was asked
 * of AWS yet, and the message says how to go on without it.
 */
public final class LabStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    LabStateException(Path file, String why, Throwable cause) {
        super("the state file " + file + " cannot be read: " + why + "; move it away (e.g. mv " + file + " " + file
                + ".bak) and run the command again: 'check' and 'destroy' find the lab's resources by tag", cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
