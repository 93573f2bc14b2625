package dev.labconsole.image;

/** A build or push that failed, with a message that says what to do. */
public final class ImageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Whether the input was wrong (exit 2: nothing was pushed), the build failed (exit 1), or whoever
     * started it cancelled it (blobs already pushed stay; a new build skips them).
     */
    public enum Kind { BAD_INPUT, FAILED, CANCELLED }

    private final Kind kind;

    public ImageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
