package dev.labconsole.runtime.batch;

import java.util.List;

/**
 * The limits on what a classifier is asked, the same for the command line, the server and the window.
 *
 * <p>The bundled model reads at most 128 tokens, so a longer text costs time without changing the
 * answer much; 10,000 characters leaves room for any real review while refusing a pasted megabyte.
 */
public final class TextLimits {

    public static final int MAX_TEXT_CHARS = 10_000;
    public static final int MAX_TEXTS_PER_REQUEST = 256;
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private TextLimits() {
    }

    /** Checks one text; {@code where} names it in the message ("text", "line 12", "texts[3]"). */
    public static void check(String text, String where) {
        if (text == null) {
            throw new InputException(where + " is missing");
        }
        if (text.isBlank()) {
            throw new InputException(where + " is empty: give some text to classify");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new InputException(where + " is " + String.format("%,d", text.length()) + " characters long; the limit is "
                    + String.format("%,d", MAX_TEXT_CHARS) + " (the model reads only the first few hundred words)");
        }
    }

    /** Checks a request's texts: how many, and each one. */
    public static void checkBatch(List<String> texts, String field) {
        if (texts.isEmpty()) {
            throw new InputException(field + " is empty: give at least one text");
        }
        if (texts.size() > MAX_TEXTS_PER_REQUEST) {
            throw new InputException(field + " has " + texts.size() + " texts; at most " + MAX_TEXTS_PER_REQUEST
                    + " per request (split the batch)");
        }
        for (int i = 0; i < texts.size(); i++) {
            check(texts.get(i), field + "[" + i + "]");
        }
    }
}
