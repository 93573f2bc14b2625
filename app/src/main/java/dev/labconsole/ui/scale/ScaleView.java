package dev.labconsole.ui.scale;

import dev.labconsole.lab.scale.ModelRollout;
import java.io.File;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.Duration;

/** The "Scale and roll out" page: autoscaling form, model versions, deployments and roll back. */
public final class ScaleView {

    private final ScrollPane root;
    private final Timeline watching;
    private final ScaleViewModel model;

    /** How often the page reads the service while shown: ECS's own waiters poll every 15 s. */
    public static final Duration POLL_INTERVAL = Duration.seconds(15);

    public ScaleView(ScaleViewModel model) {
        this(model, POLL_INTERVAL);
    }

    /** A page that reads the service every {@code interval} while shown (tests use the emulator's scaled time). */
    public ScaleView(ScaleViewModel model, Duration interval) {
        this.model = model;
        Label title = new Label("Scale and roll out");
        title.getStyleClass().add("title-2");
        Label intro = new Label("Beyond the lab: let the service's task count follow its traffic, and put a new model"
                + " version in front of users safely, one task at a time, with a way back.");
        intro.setWrapText(true);

        Label scaleTitle = new Label("Autoscaling");
        scaleTitle.getStyleClass().add("title-4");
        TextField min = field("scaleMin", model.minTasksProperty());
        TextField max = field("scaleMax", model.maxTasksProperty());
        ComboBox<String> metric = new ComboBox<>(FXCollections.observableArrayList("requests", "cpu"));
        metric.setId("scaleMetric");
        metric.valueProperty().bindBidirectional(model.metricProperty());
        TextField target = field("scaleTarget", model.targetProperty());
        Button apply = new Button("Set up");
        apply.setId("applyScaling");
        apply.setOnAction(e -> model.applyScaling());
        apply.disableProperty().bind(model.busyProperty());
        Button remove = new Button("Remove");
        remove.setId("removeScaling");
        remove.setOnAction(e -> model.removeScaling());
        remove.disableProperty().bind(model.busyProperty());
        HBox scaleRow = new HBox(8, new Label("Tasks from"), min, new Label("to"), max, new Label("holding"), metric,
                new Label("at"), target, apply, remove);
        scaleRow.setAlignment(Pos.CENTER_LEFT);
        Label scaleStatus = status("scalingStatus", model.scalingStatusProperty());
        Label scaleHint = new Label("requests: per task per minute through the load balancer (e.g. 500); cpu:"
                + " the service's average % (e.g. 60). Teardown removes the autoscaling with the service.");
        scaleHint.setWrapText(true);

        Label rolloutTitle = new Label("Model versions");
        rolloutTitle.getStyleClass().add("title-4");
        TextField version = field("rolloutVersion", model.versionProperty());
        version.setPromptText("v2");
        Button folder = new Button("Model folder…");
        folder.setOnAction(e -> {
            File chosen = new DirectoryChooser().showDialog(folderButtonWindow(e));
            if (chosen != null) {
                model.modelFolderProperty().set(chosen.toPath());
            }
        });
        Label chosenFolder = new Label();
        chosenFolder.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                model.modelFolderProperty().get() == null ? "(a version already in the bucket)"
                        : model.modelFolderProperty().get().toString(), model.modelFolderProperty()));
        Button rollOut = new Button("Roll out");
        rollOut.setId("rollOut");
        rollOut.setOnAction(e -> model.rollOut());
        rollOut.disableProperty().bind(model.busyProperty());
        Button rollBack = new Button("Roll back");
        rollBack.setId("rollBack");
        rollBack.setOnAction(e -> model.rollBack());
        rollBack.disableProperty().bind(model.busyProperty());
        HBox rolloutRow = new HBox(8, new Label("Version"), version, folder, chosenFolder, rollOut, rollBack);
        rolloutRow.setAlignment(Pos.CENTER_LEFT);
        Label rolloutStatus = status("rolloutStatus", model.rolloutStatusProperty());
        Label versions = new Label();
        versions.setId("versions");
        versions.setWrapText(true);
        versions.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "Versions in the bucket: "
                + (model.versions().isEmpty() ? "none besides the first upload" : String.join(", ", model.versions())),
                model.versions()));
        ListView<ModelRollout.DeploymentView> deployments = new ListView<>(model.deployments());
        deployments.setId("deployments");
        // Two rows: a rollout shows the new deployment and the old one.
        deployments.setFixedCellSize(30);
        deployments.setPrefHeight(2 * 30 + 4);
        deployments.setCellFactory(list -> textCell(ScaleViewModel::describe));
        Label deploymentStatus = status("deploymentStatus", model.deploymentStatusProperty());
        deploymentStatus.getStyleClass().add("text-bold");
        Label safety = status("deploymentSafety", model.safetyProperty());
        ListView<ModelRollout.ServiceEvent> events = new ListView<>(model.events());
        events.setId("serviceEvents");
        events.setFixedCellSize(26);
        events.setPrefHeight(6 * 26 + 4);
        events.setCellFactory(list -> textCell(ScaleViewModel::describe));

        VBox content = new VBox(10, title, intro, scaleTitle, scaleRow, scaleHint, scaleStatus, rolloutTitle,
                rolloutRow, rolloutStatus, versions,
                new Label("The service's deployments (read every " + (interval.toSeconds() >= 1
                        ? (long) interval.toSeconds() + " s" : (long) interval.toMillis() + " ms")
                        + " while this page is shown)"), deploymentStatus, deployments, safety,
                new Label("The service's latest events (ECS's words, newest first)"), events);
        content.setPadding(new Insets(20));
        root = new ScrollPane(content);
        root.setFitToWidth(true);
        watching = new Timeline(new KeyFrame(interval, e -> model.refresh()));
        watching.setCycleCount(Timeline.INDEFINITE);
    }

    /** Reads now and every interval while shown (a deployment takes minutes); stops when hidden. */
    public void shown(boolean shown) {
        if (shown) {
            model.refresh();
            watching.play();
        } else {
            watching.stop();
        }
    }

    private static javafx.stage.Window folderButtonWindow(javafx.event.ActionEvent event) {
        return ((javafx.scene.Node) event.getSource()).getScene().getWindow();
    }

    public Parent root() {
        return root;
    }

    /** A list cell that shows each item as {@code text} says. */
    private static <T> ListCell<T> textCell(java.util.function.Function<T, String> text) {
        return new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        };
    }

    private static TextField field(String id, javafx.beans.property.StringProperty property) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(5);
        field.textProperty().bindBidirectional(property);
        return field;
    }

    private static Label status(String id, javafx.beans.value.ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.textProperty().bind(text);
        return label;
    }
}
