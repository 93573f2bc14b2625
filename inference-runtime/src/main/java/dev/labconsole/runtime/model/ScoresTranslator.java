package dev.labconsole.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * The shared half of every translator here: turns the model's output into one row of label
 * probabilities per input text.
 *
 * <p>Batching is done by the subclasses (they pad a whole batch into one tensor), so DJL's own
 * batchifier is off.
 */
abstract class ScoresTranslator implements NoBatchifyTranslator<String[], float[][]> {

    private final ModelSpec spec;

    ScoresTranslator(ModelSpec spec) {
        this.spec = spec;
    }

    ModelSpec spec() {
        return spec;
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray scores = selectOutput(list);
        if (scores.getShape().dimension() != 2) {
            throw new ModelException("the model returned an output of shape " + scores.getShape()
                    + "; expected [texts, labels]");
        }
        int rows = Math.toIntExact(scores.getShape().get(0));
        int columns = Math.toIntExact(scores.getShape().get(1));
        if (columns != spec.labels().size()) {
            throw new ModelException("the model gives " + columns + " scores per text but labels.txt lists "
                    + spec.labels().size() + " labels");
        }
        float[] flat = scores.getDataType() == DataType.FLOAT32
                ? scores.toFloatArray()
                : scores.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] result = new float[rows][columns];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(flat, row * columns, result[row], 0, columns);
            if (!spec.outputsAreProbabilities()) {
                softmaxInPlace(result[row]);
            }
        }
        return result;
    }

    /**
     * Softmax of a handful of logits in Java: cheaper than another native call for two numbers.
     * Subtracting the maximum keeps {@code exp} from overflowing.
     */
    static void softmaxInPlace(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        double[] exps = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            exps[i] = Math.exp(logits[i] - max);
            sum += exps[i];
        }
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (exps[i] / sum);
        }
    }

    private NDArray selectOutput(NDList list) {
        if (spec.outputName() != null) {
            NDArray named = list.get(spec.outputName());
            if (named != null) {
                return named;
            }
        }
        for (NDArray array : list) {
            if (array.getDataType().isFloating() && array.getShape().dimension() == 2) {
                return array;
            }
        }
        throw new ModelException("the model returned no [texts, labels] float output"
                + (spec.outputName() == null ? "" : " named '" + spec.outputName() + "'"));
    }
}
