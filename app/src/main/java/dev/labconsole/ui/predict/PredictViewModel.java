package dev.labconsole.ui.predict;

import dev.labconsole.runtime.batch.BatchPrediction;
import dev.labconsole.runtime.batch.InputException;
import dev.labconsole.runtime.batch.InputFile;
import dev.labconsole.runtime.batch.TextLimits;
import dev.labconsole.runtime.model.Prediction;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.runtime.source.ModelLocator;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the "Predict locally" page. Knows nothing of controls; all slow work goes
 * through the {@link BackgroundRunner}.
 */
public final class PredictViewModel {

    /** Where the model is. */
    public enum ModelState { NONE, LOADING, READY, FAILED }

    /**
     * One line of the history.
     *
     * @param text the text classified
     * @param prediction its prediction
     */
    public record HistoryEntry(String text, Prediction prediction) {
    }

    static final int HISTORY_SIZE = 20;

    private final BackgroundRunner runner;
    private final ClassifierLoader loader;

    private final StringProperty modelSource = new SimpleStringProperty(ModelLocator.BUNDLED);
    private final ReadOnlyObjectWrapper<ModelState> modelState = new ReadOnlyObjectWrapper<>(ModelState.NONE);
    private final ReadOnlyStringWrapper modelStatus = new ReadOnlyStringWrapper("No model loaded");
    private final ReadOnlyDoubleWrapper loadProgress = new ReadOnlyDoubleWrapper(0);
    private final StringProperty text = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper textProblem = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canPredict = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Prediction> lastPrediction = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ObservableList<HistoryEntry> history = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper batchProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper batchStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper batchRunning = new ReadOnlyBooleanWrapper(false);

    private TextClassifier classifier;
    private AtomicBoolean batchCancelled = new AtomicBoolean();
    private final LocalServerViewModel localServer;

    public PredictViewModel(BackgroundRunner runner, ClassifierLoader loader) {
        this.runner = runner;
        this.loader = loader;
        this.localServer = new LocalServerViewModel(runner, this::classifier);
        textProblem.bind(Bindings.createStringBinding(() -> problemWith(text.get()), text));
        canPredict.bind(Bindings.createBooleanBinding(
                () -> modelState.get() == ModelState.READY && textProblem.get() == null && !busy.get(),
                modelState, textProblem, busy));
    }

    private static String problemWith(String text) {
        if (text == null || text.isBlank()) {
            return "Type a text to classify";
        }
        if (text.length() > TextLimits.MAX_TEXT_CHARS) {
            return String.format(Locale.ROOT, "The text is %,d characters; the limit is %,d",
                    text.length(), TextLimits.MAX_TEXT_CHARS);
        }
        return null;
    }

    /** Loads the model named by {@link #modelSourceProperty()}, replacing the current one when it succeeds. */
    public void loadModel() {
        String source = modelSource.get() == null ? "" : modelSource.get().trim();
        String shown = ModelLocator.isBundled(source) ? "the bundled model" : source;
        String previousStatus = modelStatus.get();
        modelState.set(ModelState.LOADING);
        modelStatus.set("Loading " + shown + "…");
        loadProgress.set(-1);
        error.set(null);
        runner.run(() -> loader.load(source, (what, done, total) -> runner.onUiThread(() -> {
                    modelStatus.set(String.format(Locale.ROOT, "%s: %.1f of %.1f MB", what, done / 1e6, total / 1e6));
                    loadProgress.set(total > 0 ? (double) done / total : -1);
                })),
                loaded -> {
                    // The local server answers with the current model: it stops before that model is closed.
                    localServer.modelChanging();
                    TextClassifier previous = classifier;
                    classifier = loaded;
                    if (previous != null) {
                        previous.close();
                    }
                    // Everything the state implies is set before the state itself, for anyone watching it.
                    loadProgress.set(1);
                    modelStatus.set(loaded.spec().name() + " " + loaded.spec().version() + " ("
                            + loaded.spec().engine().djlName() + ", labels " + String.join(", ", loaded.spec().labels())
                            + ") ready");
                    modelState.set(ModelState.READY);
                },
                failure -> {
                    loadProgress.set(0);
                    error.set("Cannot load " + shown + ": " + FailureText.of(failure));
                    if (classifier == null) {
                        modelStatus.set("No model loaded");
                        modelState.set(ModelState.FAILED);
                    } else {
                        modelStatus.set(previousStatus);
                        modelState.set(ModelState.READY);
                    }
                });
    }

    /** Classifies the current text; does nothing when {@link #canPredictProperty()} is false. */
    public void predict() {
        if (!canPredict.get()) {
            return;
        }
        String input = text.get();
        TextClassifier current = classifier;
        busy.set(true);
        error.set(null);
        runner.run(() -> current.classify(input),
                prediction -> {
                    busy.set(false);
                    lastPrediction.set(prediction);
                    history.add(0, new HistoryEntry(input, prediction));
                    if (history.size() > HISTORY_SIZE) {
                        history.remove(HISTORY_SIZE, history.size());
                    }
                },
                failure -> {
                    busy.set(false);
                    error.set("Prediction failed: " + FailureText.of(failure));
                });
    }

    /** Classifies every text of {@code input} into {@code output} (.jsonl or .csv), with progress and cancel. */
    public void predictFile(Path input, Path output) {
        if (modelState.get() != ModelState.READY || batchRunning.get()) {
            return;
        }
        TextClassifier current = classifier;
        AtomicBoolean cancelled = new AtomicBoolean();
        batchCancelled = cancelled;
        batchRunning.set(true);
        batchProgress.set(0);
        batchStatus.set("Reading " + input.getFileName() + "…");
        error.set(null);
        runner.run(() -> {
            InputFile file = InputFile.read(input);
            return new BatchPrediction(current).run(file.rows(), output,
                    (done, total) -> runner.onUiThread(() -> {
                        batchProgress.set((double) done / total);
                        batchStatus.set(String.format(Locale.ROOT, "Classified %,d of %,d texts", done, total));
                    }),
                    cancelled::get);
        }, summary -> {
            batchProgress.set(1);
            batchStatus.set(String.format(Locale.ROOT, "Classified %,d texts in %.1f s (%,.0f texts/s) into %s",
                    summary.count(), summary.elapsed().toMillis() / 1000.0, summary.textsPerSecond(), summary.output()));
            batchRunning.set(false);
        }, failure -> {
            batchProgress.set(0);
            batchStatus.set(failure instanceof CancellationException ? "Cancelled; nothing was written" : "");
            if (!(failure instanceof CancellationException)) {
                error.set((failure instanceof InputException ? "" : "Batch prediction failed: ") + FailureText.of(failure));
            }
            batchRunning.set(false);
        });
    }

    /** Stops a running file prediction; the output file is not written. */
    public void cancelFile() {
        batchCancelled.set(true);
    }


    /** "Serve locally": the loaded model on http://127.0.0.1:8000. */
    public LocalServerViewModel localServer() {
        return localServer;
    }

    /** Stops the local server and releases the model. */
    public void close() {
        localServer.close();
        if (classifier != null) {
            classifier.close();
            classifier = null;
        }
    }

    /** The model loaded now (shared with the local server); null before one is ready. */
    TextClassifier classifier() {
        return classifier;
    }

    public StringProperty modelSourceProperty() {
        return modelSource;
    }

    public ReadOnlyObjectProperty<ModelState> modelStateProperty() {
        return modelState.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelStatusProperty() {
        return modelStatus.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty loadProgressProperty() {
        return loadProgress.getReadOnlyProperty();
    }

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyStringProperty textProblemProperty() {
        return textProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canPredictProperty() {
        return canPredict.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Prediction> lastPredictionProperty() {
        return lastPrediction.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableList<HistoryEntry> history() {
        return FXCollections.unmodifiableObservableList(history);
    }

    public ReadOnlyDoubleProperty batchProgressProperty() {
        return batchProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty batchStatusProperty() {
        return batchStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty batchRunningProperty() {
        return batchRunning.getReadOnlyProperty();
    }
}
