package dev.labconsole.runtime.model;

/**
 * A model that cannot be found, read or run, with a message meant for the person who chose it.
 *
 * <p>Callers show {@link #getMessage()} as it is: it names the file or setting at fault and what to
 * do instead, so no stack trace is needed to act on it.
 */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
