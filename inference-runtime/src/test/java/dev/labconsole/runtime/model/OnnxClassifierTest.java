package dev.labconsole.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scikit-learn pipeline exported to ONNX, run by DJL's ONNX Runtime engine on raw strings. */
class OnnxClassifierTest {

    private static Path fixture() throws URISyntaxException {
        return Path.of(OnnxClassifierTest.class.getResource("/models/sklearn-onnx/model.properties").toURI()).getParent();
    }

    @Test
    void classifiesRawTextsWithTheModelsOwnProbabilities() throws Exception {
        ModelSpec spec = ModelSpec.read(fixture());
        assertThat(spec.engine()).isEqualTo(Engine.ONNX_RUNTIME);
        assertThat(spec.tokenizer()).isEqualTo(TokenizerKind.NONE);
        try (TextClassifier classifier = TextClassifier.load(spec)) {
            List<Prediction> predictions = classifier.classifyAll(List.of(
                    "a wonderful , moving and funny film", "a dull , boring and pointless mess"));
            assertThat(predictions).extracting(Prediction::label).containsExactly("positive", "negative");
            for (Prediction prediction : predictions) {
                assertThat(prediction.scores().values().stream().mapToDouble(Double::doubleValue).sum())
                        .isCloseTo(1.0, within(1e-4));
            }
            Prediction alone = classifier.classify("a dull , boring and pointless mess");
            assertThat(alone.score()).isCloseTo(predictions.get(1).score(), within(1e-5));
        }
    }
}
