package dev.labconsole.ui.image;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LayerProgress;
import dev.labconsole.lab.PushedImage;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
import dev.labconsole.ui.LabSession;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Build and push the service's image from the Registry page: the repository's address, the image now
 * recorded, a line per layer while it is sent, and what the push did. Knows nothing of controls.
 */
public final class ImagePushViewModel {

    private final LabSession session;
    private final BackgroundRunner runner;
    private final Path archiveFolder;
    private final ObservableList<LayerRow> layers = FXCollections.observableArrayList();
    private final Map<String, LayerRow> byName = new LinkedHashMap<>();
    private final Map<String, LayerProgress> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper stopping = new ReadOnlyBooleanWrapper(false);
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final ReadOnlyBooleanWrapper stepRunning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canPush = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper repository = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper image = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper actionText = new ReadOnlyStringWrapper("Build and push the image");

    /**
     * @param archiveFolder where practice mode without a registry writes the image archive
     */
    public ImagePushViewModel(LabSession session, Path archiveFolder) {
        this.session = session;
        this.runner = session.runner();
        this.archiveFolder = archiveFolder;
        canPush.bind(session.connectedProperty().and(busy.not()).and(stepRunning.not()));
        // Create and apply run the image step too: the panel follows it, so it never shows an older result.
        session.onEvents(this::followImageStep);
        repository.bind(Bindings.createStringBinding(() -> session.snapshotProperty().get().ids()
                .getOrDefault(ResourceKey.REPOSITORY_URI, "not created yet: Create makes it"),
                session.snapshotProperty()));
        image.bind(Bindings.createStringBinding(() -> session.snapshotProperty().get().ids()
                .getOrDefault(ResourceKey.IMAGE, "none pushed yet"), session.snapshotProperty()));
        actionText.bind(Bindings.createStringBinding(() -> session.practiceProperty().get()
                && !session.practiceRegistryProperty().get() ? "Build the image into a file" : "Build and push the image",
                session.practiceProperty(), session.practiceRegistryProperty()));
        // A new connection or lab makes the last push's lines someone else's.
        session.engineGenerationProperty().addListener((o, was, now) -> {
            if (!busy.get()) {
                clear();
                status.set("");
            }
        });
    }

    private void followImageStep(java.util.List<LabEvent> events) {
        for (LabEvent event : events) {
            if (event.step() != StepId.IMAGE || busy.get()) {
                continue;
            }
            switch (event.kind()) {
                case STARTED -> {
                    stepRunning.set(true);
                    clear();
                    status.set("");
                }
                case PROGRESS, WARNING, RESOURCE -> status.set(event.message());
                case FAILED -> {
                    stepRunning.set(false);
                    status.set("Could not build or push the image: " + event.message());
                }
                case DONE, SKIPPED -> stepRunning.set(false);
                default -> { }
            }
        }
    }

    /** Builds the image and pushes it (in practice mode without a registry: writes it to a file), in the background. */
    public void push() {
        if (!canPush.get()) {
            return;
        }
        busy.set(true);
        stopRequested.set(false);
        clear();
        status.set("Building the image (the first build reads about 500 MB of libraries; later ones reuse them)...");
        runner.run(() -> session.withEngine(engine -> engine.pushImage(
                archiveFolder.resolve(engine.context().config().lab() + "-image.tar"), this::onProgress)),
                this::pushed, failure -> {
                    busy.set(false);
                    stopping.set(false);
                    status.set(stopRequested.get()
                            ? "Stopped: the image was not pushed and nothing was tagged. Push again to start over;"
                                    + " layers the registry already holds are not sent again."
                            : "Could not build or push the image: " + FailureText.of(failure));
                });
    }

    /**
     * Stops the build or push under way: its transfers end within a second and nothing is tagged, so the
     * repository never holds half an image under {@code latest}.
     */
    public void stop() {
        LabEngine engine = session.currentEngine();
        if (!busy.get() || engine == null || stopRequested.getAndSet(true)) {
            return;
        }
        stopping.set(true);
        status.set("Stopping the push: its transfers end within a second...");
        engine.cancel();
    }

    // Called on the build's threads: keep the newest figure per layer, hand over once per burst.
    private void onProgress(LayerProgress progress) {
        pending.put(progress.layer(), progress);
        if (flushScheduled.compareAndSet(false, true)) {
            runner.onUiThread(this::flush);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        for (String layer : pending.keySet()) {
            LayerProgress progress = pending.remove(layer);
            if (progress != null) {
                row(layer).progress(progress.doneBytes(), progress.totalBytes());
            }
        }
    }

    private void pushed(PushedImage pushed) {
        flush();
        busy.set(false);
        stopping.set(false);
        for (PushedImage.Layer layer : pushed.layers()) {
            row(layer.name()).finished(layer.compressedBytes(), layer.uploaded());
        }
        String size = LayerProgress.megabytes(pushed.compressedBytes());
        status.set(pushed.archive() != null
                ? "Practice mode has no registry, so the image was written to " + pushed.archive() + " (" + size
                        + "): podman load -i (or docker load -i) runs it. Install Debian's docker-registry and Start"
                        + " emulator again to push instead."
                : "Pushed " + pushed.pushedTo() + " (" + pushed.digest() + "): " + LayerProgress.megabytes(pushed.bytesUploaded())
                        + " uploaded of " + size + ". Containers > Create deploys it.");
        session.refreshSnapshot(false);
    }

    private LayerRow row(String layer) {
        return byName.computeIfAbsent(layer, name -> {
            LayerRow row = new LayerRow(name);
            layers.add(row);
            return row;
        });
    }

    private void clear() {
        byName.clear();
        layers.clear();
        pending.clear();
    }

    public ObservableList<LayerRow> layers() {
        return layers;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Whether a Stop was asked for and the push has not ended yet. */
    public ReadOnlyBooleanProperty stoppingProperty() {
        return stopping.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canPushProperty() {
        return canPush.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty repositoryProperty() {
        return repository.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty imageProperty() {
        return image.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty actionTextProperty() {
        return actionText.getReadOnlyProperty();
    }
}
