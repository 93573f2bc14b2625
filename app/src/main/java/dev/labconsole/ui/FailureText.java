package dev.labconsole.ui;

/** What a failure says to the student: the first message in its chain of causes. */
public final class FailureText {

    private FailureText() {
    }

    /**
     * The failure's message, or its first cause's that has one (wrappers such as
     * {@code CompletionException} often carry none); the class name when none in the chain does.
     */
    public static String of(Throwable failure) {
        Throwable cause = failure;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
