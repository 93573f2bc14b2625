package dev.labconsole.runtime.batch;

import java.nio.file.Path;
import java.util.Locale;

/** The formats batch predictions are written in. */
public enum OutputFormat {
    /** One JSON object per line: {@code {"text", "label", "score", "scores": {label: probability}}}. */
    JSONL,
    /** A header, then {@code text,label,score,<one column per label>}. */
    CSV;

    /** The format a file name asks for: {@code .csv} is CSV, anything else JSON Lines. */
    public static OutputFormat forFile(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSONL;
    }

    /**
     * The format a file's extension names ({@code .jsonl}, {@code .ndjson}, {@code .json} or {@code .csv}),
     * or empty when the extension names none of them.
     */
    public static java.util.Optional<OutputFormat> named(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return java.util.Optional.of(CSV);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return java.util.Optional.of(JSONL);
        }
        return java.util.Optional.empty();
    }
}
