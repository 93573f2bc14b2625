package dev.labconsole.runtime.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslatorContext;

/**
 * Tokenizes a batch with a HuggingFace tokenizer and pads it into {@code input_ids} and
 * {@code attention_mask} tensors of shape [texts, longest].
 *
 * <p>Padding is only as long as the longest text in the batch, not {@code maxLength}: single texts,
 * the common case, stay short and fast.
 */
final class TokenIdsTranslator extends ScoresTranslator {

    private final HuggingFaceTokenizer tokenizer;

    TokenIdsTranslator(ModelSpec spec, HuggingFaceTokenizer tokenizer) {
        super(spec);
        this.tokenizer = tokenizer;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, String[] texts) {
        long[][] rowsIds = new long[texts.length][];
        long[][] rowsMask = new long[texts.length][];
        encode(texts, rowsIds, rowsMask);
        int longest = 1;
        for (long[] rowIds : rowsIds) {
            longest = Math.max(longest, rowIds.length);
        }
        long[] ids = new long[texts.length * longest];
        long[] mask = new long[texts.length * longest];
        for (int row = 0; row < texts.length; row++) {
            long[] rowIds = rowsIds[row];
            long[] rowMask = rowsMask[row];
            if (rowIds.length == 0) {
                // A text the tokenizer drops entirely still gets one visible position, so no row is all padding.
                mask[row * longest] = 1;
                continue;
            }
            System.arraycopy(rowIds, 0, ids, row * longest, rowIds.length);
            System.arraycopy(rowMask, 0, mask, row * longest, rowMask.length);
        }
        NDManager manager = ctx.getNDManager();
        Shape shape = new Shape(texts.length, longest);
        NDArray inputIds = manager.create(ids, shape);
        inputIds.setName("input_ids");
        NDArray attentionMask = manager.create(mask, shape);
        attentionMask.setName("attention_mask");
        return new NDList(inputIds, attentionMask);
    }

    /**
     * Encodes with the tokenizer's native handle and fetches only the ids and the mask.
     *
     * <p>{@code HuggingFaceTokenizer.encode} also copies tokens, offsets, type and word ids out of
     * the native side, a third of the single-text latency; the truncation set on the tokenizer
     * applies the same either way (a test compares both). A batch of one skips
     * {@code batchEncode}'s hand-off to the tokenizer's thread pool.
     */
    void encode(String[] texts, long[][] ids, long[][] masks) {
        long handle = tokenizer.getHandle();
        boolean special = spec().addSpecialTokens();
        long[] encodings = texts.length == 1
                ? new long[] {TokenizersLibrary.LIB.encode(handle, texts[0], special)}
                : TokenizersLibrary.LIB.batchEncode(handle, texts, special);
        try {
            for (int i = 0; i < encodings.length; i++) {
                ids[i] = TokenizersLibrary.LIB.getTokenIds(encodings[i]);
                masks[i] = TokenizersLibrary.LIB.getAttentionMask(encodings[i]);
            }
        } finally {
            for (long encoding : encodings) {
                TokenizersLibrary.LIB.deleteEncoding(encoding);
            }
        }
    }
}
