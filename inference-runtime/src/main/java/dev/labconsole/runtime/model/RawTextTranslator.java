package dev.labconsole.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslatorContext;
import java.nio.charset.StandardCharsets;

/**
 * Hands the raw strings to the model as a string tensor of shape [texts, 1], the form scikit-learn
 * pipelines exported by skl2onnx take.
 */
final class RawTextTranslator extends ScoresTranslator {

    RawTextTranslator(ModelSpec spec) {
        super(spec);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, String[] texts) {
        NDArray input = ctx.getNDManager().create(texts, StandardCharsets.UTF_8, new Shape(texts.length, 1));
        input.setName(spec().inputName());
        return new NDList(input);
    }
}
