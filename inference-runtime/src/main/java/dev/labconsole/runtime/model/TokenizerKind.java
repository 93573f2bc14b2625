package dev.labconsole.runtime.model;

/** How text becomes model input. */
public enum TokenizerKind {
    /** A HuggingFace {@code tokenizer.json}, run by DJL's tokenizers; the model takes ids and a mask. */
    HUGGINGFACE,
    /** No tokenizer: the raw strings go to the model (scikit-learn pipelines exported to ONNX). */
    NONE;

    static TokenizerKind fromName(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "huggingface" -> HUGGINGFACE;
            case "none" -> NONE;
            default -> throw new ModelException("unknown tokenizer '" + name
                    + "': use huggingface (with a tokenizer.json) or none (tokenizer=... in model.properties)");
        };
    }
}
