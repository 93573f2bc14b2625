package dev.labconsole.runtime.batch;

/** Input a user gave that cannot be used as it is; the message says what is wrong and where. */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
