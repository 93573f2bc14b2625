package dev.labconsole.aws;

/**
 * An AWS error turned into a sentence that says what happened and what to do, with no credentials
 * or request signatures in it.
 */
public class AwsProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public AwsProblem(String message, String code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The AWS error code ({@code ExpiredToken}, {@code DependencyViolation}...), or null. */
    public String code() {
        return code;
    }
}
