package dev.labconsole.runtime.model;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A loaded text classifier: one text or a batch in, labels with probabilities and latency out.
 *
 * <p>Safe to call from many threads at once. A DJL {@link Predictor} is not thread-safe, so each
 * call borrows one from a pool that grows to the number of threads calling at the same time; the
 * model's weights are shared by all of them.
 */
public final class TextClassifier implements AutoCloseable {

    private final ModelSpec spec;
    private final ZooModel<String[], float[][]> model;
    private final HuggingFaceTokenizer tokenizer;
    private final Queue<Predictor<String[], float[][]>> idlePredictors = new ConcurrentLinkedQueue<>();
    private final Queue<Predictor<String[], float[][]>> allPredictors = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private TextClassifier(ModelSpec spec, ZooModel<String[], float[][]> model, HuggingFaceTokenizer tokenizer) {
        this.spec = spec;
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Loads the model in {@code spec}'s folder with the engine it names. */
    public static TextClassifier load(ModelSpec spec) {
        NativePlatform.requireCanRun(spec.engine(), spec.tokenizer());
        DjlSettings.applyOfflineDefaults();
        HuggingFaceTokenizer tokenizer = null;
        try {
            ScoresTranslator translator;
            if (spec.tokenizer() == TokenizerKind.HUGGINGFACE) {
                tokenizer = loadTokenizer(spec);
                translator = new TokenIdsTranslator(spec, tokenizer);
            } else {
                translator = new RawTextTranslator(spec);
            }
            String fileName = spec.modelFile().getFileName().toString();
            Criteria<String[], float[][]> criteria = Criteria.builder()
                    .setTypes(String[].class, float[][].class)
                    .optModelPath(spec.folder())
                    .optModelName(fileName.substring(0, fileName.length() - spec.engine().fileExtension().length()))
                    .optEngine(spec.engine().djlName())
                    .optTranslator(translator)
                    .build();
            TextClassifier classifier = new TextClassifier(spec, criteria.loadModel(), tokenizer);
            classifier.warmUp();
            return classifier;
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            if (e instanceof ModelException modelException) {
                throw modelException;
            }
            // The engine's own text ("PytorchStreamReader failed reading zip archive") stays in the cause.
            throw new ModelException("cannot load the model file " + spec.modelFile() + ": " + spec.engine().djlName()
                    + " cannot read it (damaged, cut short, or saved in another format); " + howToSave(spec.engine()), e);
        }
    }

    private static String howToSave(Engine engine) {
        return engine == Engine.ONNX_RUNTIME
                ? "export it again as ONNX (torch.onnx.export, or skl2onnx for scikit-learn) and copy the whole file"
                : "save it again as TorchScript (torch.jit.trace or torch.jit.script, then .save) and copy the whole file";
    }

    private static HuggingFaceTokenizer loadTokenizer(ModelSpec spec) {
        try {
            return HuggingFaceTokenizer.builder()
                    .optTokenizerPath(spec.tokenizerFile())
                    .optAddSpecialTokens(spec.addSpecialTokens())
                    .optTruncation(true)
                    .optPadding(false)
                    .optMaxLength(spec.maxLength())
                    .build();
        } catch (IOException | RuntimeException e) {
            // The library's own text ("Model missing. at line 1 column 2") stays in the cause.
            throw new ModelException("cannot read the tokenizer " + spec.tokenizerFile() + ": it is not a Hugging Face"
                    + " tokenizer.json (save it again with tokenizer.save_pretrained(...), or copy the one the model"
                    + " was trained with)", e);
        }
    }

    /** The first call pays for lazy initialisation in the engine; pay it at load time, not on a user's call. */
    private void warmUp() {
        try {
            classifyAll(List.of("warm up"));
        } catch (ModelException e) {
            close();
            throw new ModelException("the model loaded but cannot run: " + e.getMessage(), e);
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Classifies one text. */
    public Prediction classify(String text) {
        return classifyAll(List.of(text)).get(0);
    }

    /** Classifies a batch in one forward pass; results are in input order. */
    public List<Prediction> classifyAll(List<String> texts) {
        if (closed) {
            throw new IllegalStateException("classifier is closed");
        }
        if (texts.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        float[][] probabilities = predict(texts.toArray(String[]::new));
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        List<Prediction> predictions = new ArrayList<>(probabilities.length);
        for (float[] row : probabilities) {
            predictions.add(toPrediction(row, latency));
        }
        return predictions;
    }

    private float[][] predict(String[] texts) {
        Predictor<String[], float[][]> predictor = idlePredictors.poll();
        if (predictor == null) {
            predictor = model.newPredictor();
            allPredictors.add(predictor);
        }
        try {
            return predictor.predict(texts);
        } catch (TranslateException e) {
            throw new ModelException("prediction failed: " + rootMessage(e), e);
        } finally {
            idlePredictors.add(predictor);
        }
    }

    private Prediction toPrediction(float[] row, Duration latency) {
        Map<String, Double> scores = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < row.length; i++) {
            scores.put(spec.labels().get(i), (double) row[i]);
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return new Prediction(spec.labels().get(best), row[best], scores, latency);
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // libtorch errors carry a C++ backtrace after the first line; the first line is the reason.
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }

    @Override
    public void close() {
        closed = true;
        Predictor<String[], float[][]> predictor;
        while ((predictor = allPredictors.poll()) != null) {
            predictor.close();
        }
        idlePredictors.clear();
        model.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
