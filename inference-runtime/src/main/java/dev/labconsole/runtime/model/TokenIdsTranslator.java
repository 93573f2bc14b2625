package dev.labconsole.runtime.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
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
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int longest = 1;
        for (Encoding encoding : encodings) {
            longest = Math.max(longest, encoding.getIds().length);
        }
        long[] ids = new long[texts.length * longest];
        long[] mask = new long[texts.length * longest];
        for (int row = 0; row < encodings.length; row++) {
            long[] rowIds = encodings[row].getIds();
            long[] rowMask = encodings[row].getAttentionMask();
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
}
