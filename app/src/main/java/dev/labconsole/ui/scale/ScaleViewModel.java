package dev.labconsole.ui.scale;

import dev.labconsole.lab.scale.ModelRollout;
import dev.labconsole.lab.scale.ServiceScaling;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the "Scale and roll out" page; knows nothing of controls. Every AWS call runs in
 * the background; one at a time (the buttons bind to {@link #busyProperty()}).
 */
public final class ScaleViewModel {

    /** Where the page's work goes: the session's engine in the window, anything in tests. */
    public interface Source {
        ServiceScaling scaling();

        ServiceScaling.Service service();

        ModelRollout rollout();

        /** Rolls {@code version} out and records it (the engine's rollOut). */
        ModelRollout.Move rollOut(String version);

        /** Rolls back and records it (the engine's rollBack). */
        ModelRollout.Move rollBack();
    }

    private final BackgroundRunner runner;
    private final Source source;
    private final StringProperty minTasks = new SimpleStringProperty("2");
    private final StringProperty maxTasks = new SimpleStringProperty("4");
    private final StringProperty metric = new SimpleStringProperty("requests");
    private final StringProperty target = new SimpleStringProperty("500");
    private final ReadOnlyStringWrapper scalingStatus = new ReadOnlyStringWrapper("");
    private final StringProperty version = new SimpleStringProperty("");
    private final ObjectProperty<Path> modelFolder = new SimpleObjectProperty<>();
    private final ObservableList<String> versions = FXCollections.observableArrayList();
    private final ObservableList<ModelRollout.DeploymentView> deployments = FXCollections.observableArrayList();
    private final ObservableList<ModelRollout.ServiceEvent> events = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper deploymentStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper safety = new ReadOnlyStringWrapper("");
    /** Whether the last look saw a deployment under way, so the next can say that it completed. */
    private boolean sawDeployment;
    private final ReadOnlyStringWrapper rolloutStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    public ScaleViewModel(BackgroundRunner runner, Source source) {
        this.runner = runner;
        this.source = source;
    }

    /** Reads the scaling, the versions and the deployments now. */
    public void refresh() {
        work(() -> {
            ModelRollout rollout = source.rollout();
            return new Snapshot(source.scaling().read(source.service()), rollout.versions(), rollout.watch());
        }, snapshot -> {
            scalingStatus.set(describe(snapshot.scaling()));
            versions.setAll(snapshot.versions());
            show(snapshot.watch());
        }, scalingStatus);
    }

    private record Snapshot(Optional<ServiceScaling.Status> scaling, List<String> versions, ModelRollout.Watch watch) {
    }

    private void show(ModelRollout.Watch watch) {
        deployments.setAll(watch.deployments());
        events.setAll(watch.events());
        safety.set(watch.safety().inWords());
        Optional<ModelRollout.DeploymentView> primary = watch.primary();
        if (primary.isEmpty()) {
            deploymentStatus.set("The service has no deployment yet.");
        } else if (watch.inProgress()) {
            deploymentStatus.set(inProgress(watch, primary.get()));
        } else if (primary.get().stage() == ModelRollout.Stage.FAILED) {
            deploymentStatus.set("The deployment of " + revision(primary.get().taskDefinition()) + " failed: with"
                    + " rollback on, ECS returns to the revision before it.");
        } else {
            ModelRollout.DeploymentView now = primary.get();
            String tasks = "all " + now.running() + " tasks run " + revision(now.taskDefinition()) + " ("
                    + now.modelUri() + ")";
            deploymentStatus.set(sawDeployment ? "Deployment completed" + completedAt(watch) + ": " + tasks + "."
                    : "No deployment in progress: " + tasks + ".");
        }
        sawDeployment = watch.inProgress();
    }

    private static String inProgress(ModelRollout.Watch watch, ModelRollout.DeploymentView primary) {
        StringBuilder text = new StringBuilder("Deployment in progress: ");
        watch.deployments().stream().filter(d -> !d.primary()).findFirst()
                .ifPresent(old -> text.append(revision(old.taskDefinition())).append(" -> "));
        text.append(revision(primary.taskDefinition())).append(". New tasks: ").append(primary.running())
                .append(" running, ").append(primary.pending()).append(" starting, of ").append(primary.desired());
        for (ModelRollout.DeploymentView old : watch.deployments()) {
            if (!old.primary()) {
                text.append("; old tasks: ").append(old.running()).append(old.stage() == ModelRollout.Stage.DRAINING
                        ? " draining (their targets are deregistered and finish their requests, then the tasks stop)"
                        : " still serving");
            }
        }
        return text.append(". Another rollout or a roll back waits until it completes.").toString();
    }

    /** When ECS said the deployment completed, from its event, or "" when no event says. */
    private static String completedAt(ModelRollout.Watch watch) {
        return watch.events().stream().filter(e -> e.message().endsWith("deployment completed.")).findFirst()
                .map(e -> " at " + CLOCK.format(e.at())).orElse("");
    }

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss").withZone(java.time.ZoneId.systemDefault());

    /** An event as the page lists it: local time, then ECS's words. */
    public static String describe(ModelRollout.ServiceEvent event) {
        return CLOCK.format(event.at()) + "  " + event.message();
    }

    /** A deployment as the page lists it: which one, its revision and model, its tasks and stage. */
    public static String describe(ModelRollout.DeploymentView d) {
        return (d.primary() ? "New  " : "Old  ") + revision(d.taskDefinition()) + "  " + d.modelUri() + "  "
                + d.tasksInWords() + "  (" + d.stage().words() + ")";
    }

    /** Sets up (or changes) the autoscaling from the form; bad values are refused before any call. */
    public void applyScaling() {
        int min;
        int max;
        double value;
        try {
            min = Integer.parseInt(minTasks.get().strip());
            max = Integer.parseInt(maxTasks.get().strip());
            value = Double.parseDouble(target.get().strip());
        } catch (NumberFormatException e) {
            scalingStatus.set("Minimum, maximum and target must be numbers.");
            return;
        }
        ServiceScaling.Parsed parsed = ServiceScaling.parse(min, max, metric.get(), value);
        if (!parsed.ok()) {
            scalingStatus.set(String.join("; ", parsed.problems()) + ".");
            return;
        }
        work(() -> source.scaling().apply(source.service(), parsed.request()),
                status -> scalingStatus.set(describe(Optional.of(status))), scalingStatus);
    }

    /** Removes the autoscaling; the service keeps its current task count. */
    public void removeScaling() {
        work(() -> source.scaling().remove(source.service()), removed -> scalingStatus.set(removed
                ? "Autoscaling removed; the service keeps its current task count." : "There was no autoscaling."),
                scalingStatus);
    }

    /** Uploads the chosen folder as the version (when a folder is chosen) and rolls the version out. */
    public void rollOut() {
        String name = version.get() == null ? "" : version.get().strip();
        List<String> problems = ModelRollout.checkVersion(name);
        if (!problems.isEmpty()) {
            rolloutStatus.set(problems.get(0) + ".");
            return;
        }
        Path folder = modelFolder.get();
        work(() -> {
            // Nothing is uploaded while another deployment runs: it would be refused anyway.
            source.rollout().refuseWhileDeploying();
            if (folder != null) {
                source.rollout().upload(folder, name);
            }
            return source.rollOut(name);
        }, move -> {
            rolloutStatus.set("Rolling out " + name + ": " + revision(move.fromTaskDefinition()) + " -> "
                    + revision(move.toTaskDefinition()) + ". ECS starts the new tasks beside the old ones, then drains"
                    + " and stops the old ones; " + move.safety().triggersInWords() + ".");
            modelFolder.set(null);
            refresh();
        }, rolloutStatus);
    }

    /** Moves the service back to the previous revision. */
    public void rollBack() {
        work(source::rollBack, move -> {
            rolloutStatus.set("Rolling back: " + revision(move.fromTaskDefinition()) + " -> "
                    + revision(move.toTaskDefinition()) + " (" + move.modelUri() + "), a deployment like any other; "
                    + move.safety().triggersInWords() + ".");
            refresh();
        }, rolloutStatus);
    }

    private <T> void work(java.util.concurrent.Callable<T> call, java.util.function.Consumer<T> done,
            ReadOnlyStringWrapper status) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        runner.run(call, result -> {
            busy.set(false);
            done.accept(result);
        }, failure -> {
            busy.set(false);
            status.set(FailureText.of(failure));
        });
    }

    private static String describe(Optional<ServiceScaling.Status> status) {
        return status.map(s -> "Autoscaling: " + s.minTasks() + " to " + s.maxTasks() + " tasks, holding "
                + s.metric().words() + " at " + (long) s.target() + String.format(java.util.Locale.ROOT,
                        "; at %d tasks the service costs $%.2f/h.", s.maxTasks(), s.maxHourlyUsd()))
                .orElse("No autoscaling: the service runs a fixed number of tasks.");
    }

    static String revision(String taskDefinitionArn) {
        return taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    }

    public StringProperty minTasksProperty() {
        return minTasks;
    }

    public StringProperty maxTasksProperty() {
        return maxTasks;
    }

    public StringProperty metricProperty() {
        return metric;
    }

    public StringProperty targetProperty() {
        return target;
    }

    public ReadOnlyStringProperty scalingStatusProperty() {
        return scalingStatus.getReadOnlyProperty();
    }

    public StringProperty versionProperty() {
        return version;
    }

    public ObjectProperty<Path> modelFolderProperty() {
        return modelFolder;
    }

    public ObservableList<String> versions() {
        return FXCollections.unmodifiableObservableList(versions);
    }

    public ObservableList<ModelRollout.DeploymentView> deployments() {
        return FXCollections.unmodifiableObservableList(deployments);
    }

    public ObservableList<ModelRollout.ServiceEvent> events() {
        return FXCollections.unmodifiableObservableList(events);
    }

    /** Whether a deployment is under way, how far it is, or when it completed. */
    public ReadOnlyStringProperty deploymentStatusProperty() {
        return deploymentStatus.getReadOnlyProperty();
    }

    /** What rolls a bad deployment back: the circuit breaker and the alarms. */
    public ReadOnlyStringProperty safetyProperty() {
        return safety.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rolloutStatusProperty() {
        return rolloutStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
