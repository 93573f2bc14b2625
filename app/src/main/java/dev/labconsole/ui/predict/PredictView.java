package dev.labconsole.ui.predict;

import atlantafx.base.theme.Styles;
import dev.labconsole.runtime.model.Prediction;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The controls of the "Predict locally" page, bound to a {@link PredictViewModel}. */
public final class PredictView {

    private final PredictViewModel model;
    private final java.util.function.Consumer<String> browser;
    private final VBox root = new VBox(14);

    public PredictView(PredictViewModel model) {
        this(model, null);
    }

    /** The page; {@code browser} opens an address in the student's browser (null: the address is shown to copy). */
    public PredictView(PredictViewModel model, java.util.function.Consumer<String> browser) {
        this.model = model;
        this.browser = browser;
        root.setPadding(new Insets(20));
        root.getChildren().addAll(title(), modelRow(), textRow(), resultBox(), fileRow(), serveRow(), historyList());
    }

    /** Lab section 2.3: the loaded model served on http://127.0.0.1:8000 by the container's own server. */
    private Node serveRow() {
        LocalServerViewModel server = model.localServer();
        Label heading = new Label("Serve locally");
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        TextField port = new TextField();
        port.setId("servePort");
        port.setPrefColumnCount(6);
        port.textProperty().bindBidirectional(server.portProperty());
        port.disableProperty().bind(server.servingProperty());
        Button serve = new Button("Serve", new FontIcon(Material2MZ.PLAY_ARROW));
        serve.setId("serveLocally");
        serve.setOnAction(event -> server.start());
        serve.disableProperty().bind(server.servingProperty().or(server.startingProperty())
                .or(model.modelStateProperty().isNotEqualTo(PredictViewModel.ModelState.READY)));
        Button stop = new Button("Stop", new FontIcon(Material2MZ.STOP));
        stop.setId("stopServing");
        stop.setOnAction(event -> server.stop());
        stop.disableProperty().bind(server.servingProperty().not());
        javafx.scene.control.Hyperlink docs = new javafx.scene.control.Hyperlink();
        docs.setId("serveDocs");
        docs.textProperty().bind(Bindings.when(server.addressProperty().isEmpty()).then("")
                .otherwise(server.addressProperty().concat("/docs")));
        docs.visibleProperty().bind(server.servingProperty());
        docs.setOnAction(event -> {
            if (browser != null) {
                browser.accept(docs.getText());
            }
        });
        Label answered = new Label();
        answered.setId("serveCount");
        answered.textProperty().bind(Bindings.createStringBinding(() -> server.servingProperty().get()
                ? server.answeredProperty().get() + " requests answered" : "", server.answeredProperty(),
                server.servingProperty()));
        Label status = new Label();
        status.setId("serveStatus");
        status.setWrapText(true);
        status.textProperty().bind(server.statusProperty());
        status.getStyleClass().add(Styles.TEXT_SMALL);
        javafx.animation.Timeline counting = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(1), event -> server.poll()));
        counting.setCycleCount(javafx.animation.Animation.INDEFINITE);
        server.servingProperty().addListener((obs, was, now) -> {
            if (now) {
                counting.play();
            } else {
                counting.stop();
            }
        });
        HBox row = new HBox(8, new Label("Port"), port, serve, stop, docs, answered);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, heading, row, status);
    }

    public Node root() {
        return root;
    }

    private Node title() {
        Label title = new Label("Predict locally");
        title.getStyleClass().add(Styles.TITLE_2);
        Label lead = new Label("Try the model on this computer before deploying it: no AWS account and no network needed."
                + " The same runtime serves it in the lab's container.");
        lead.setWrapText(true);
        lead.getStyleClass().add(Styles.TEXT_MUTED);
        return new VBox(4, title, lead);
    }

    private Node modelRow() {
        TextField source = new TextField();
        source.setId("modelSource");
        source.textProperty().bindBidirectional(model.modelSourceProperty());
        source.setPromptText("bundled, a folder, a .zip/.tar.gz or s3://bucket/models/name/");
        HBox.setHgrow(source, Priority.ALWAYS);
        Button folder = new Button("Folder…", new FontIcon(Material2AL.FOLDER_OPEN));
        folder.setOnAction(event -> {
            File chosen = new DirectoryChooser().showDialog(root.getScene().getWindow());
            if (chosen != null) {
                model.modelSourceProperty().set(chosen.getAbsolutePath());
                model.loadModel();
            }
        });
        Button archive = new Button("Archive…", new FontIcon(Material2AL.ARCHIVE));
        archive.setOnAction(event -> {
            FileChooser chooser = new FileChooser();
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Model archives", "*.zip", "*.tar.gz", "*.tgz"));
            File chosen = chooser.showOpenDialog(root.getScene().getWindow());
            if (chosen != null) {
                model.modelSourceProperty().set(chosen.getAbsolutePath());
                model.loadModel();
            }
        });
        Button load = new Button("Load", new FontIcon(Material2MZ.REFRESH));
        load.setId("loadModel");
        load.setOnAction(event -> model.loadModel());
        load.disableProperty().bind(model.modelStateProperty().isEqualTo(PredictViewModel.ModelState.LOADING));
        source.setOnAction(event -> model.loadModel());

        Label status = new Label();
        status.setId("modelStatus");
        status.textProperty().bind(model.modelStatusProperty());
        status.getStyleClass().add(Styles.TEXT_SMALL);
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(model.loadProgressProperty());
        progress.visibleProperty().bind(model.modelStateProperty().isEqualTo(PredictViewModel.ModelState.LOADING));
        progress.managedProperty().bind(progress.visibleProperty());
        progress.setPrefWidth(160);
        HBox statusRow = new HBox(10, status, progress);
        statusRow.setAlignment(Pos.CENTER_LEFT);

        Label heading = new Label("Model");
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        return new VBox(6, heading, new HBox(8, source, folder, archive, load), statusRow);
    }

    private Node textRow() {
        TextArea text = new TextArea();
        text.setId("text");
        text.setPromptText("Type a review, e.g. \"a gripping, beautifully acted film\"");
        text.setWrapText(true);
        text.setPrefRowCount(3);
        text.textProperty().bindBidirectional(model.textProperty());
        KeyCombination predictKey = KeyCombination.keyCombination("Shortcut+Enter");
        text.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (predictKey.match(event) || (event.getCode() == KeyCode.ENTER && event.isControlDown())) {
                model.predict();
                event.consume();
            }
        });
        Button predict = new Button("Predict", new FontIcon(Material2MZ.PLAY_ARROW));
        predict.setId("predict");
        predict.setDefaultButton(false);
        predict.getStyleClass().add(Styles.ACCENT);
        predict.disableProperty().bind(model.canPredictProperty().not());
        predict.setOnAction(event -> model.predict());
        Label reason = new Label();
        reason.setId("predictReason");
        reason.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        reason.textProperty().bind(Bindings.createStringBinding(() -> {
            if (model.modelStateProperty().get() != PredictViewModel.ModelState.READY) {
                return "Load a model first";
            }
            return model.textProblemProperty().get() == null ? "Ctrl+Enter predicts" : model.textProblemProperty().get();
        }, model.modelStateProperty(), model.textProblemProperty()));
        HBox actions = new HBox(10, predict, reason);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label heading = new Label("Text");
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        return new VBox(6, heading, text, actions);
    }

    private Node resultBox() {
        Label label = new Label("—");
        label.setId("resultLabel");
        label.getStyleClass().add(Styles.TITLE_3);
        Label latency = new Label();
        latency.setId("resultLatency");
        latency.getStyleClass().add(Styles.TEXT_MUTED);
        GridPane bars = new GridPane();
        bars.setHgap(10);
        bars.setVgap(4);
        Label error = new Label();
        error.setId("error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        model.lastPredictionProperty().addListener((observable, old, prediction) -> {
            if (prediction == null) {
                return;
            }
            label.setText(prediction.label() + String.format(Locale.ROOT, "  %.1f%%", prediction.score() * 100));
            latency.setText(String.format(Locale.ROOT, "%.2f ms", prediction.latency().toNanos() / 1e6));
            fillBars(bars, prediction);
        });
        HBox top = new HBox(14, label, latency);
        top.setAlignment(Pos.BASELINE_LEFT);
        VBox box = new VBox(8, top, bars, error);
        box.getStyleClass().add("result");
        return box;
    }

    private static void fillBars(GridPane bars, Prediction prediction) {
        bars.getChildren().clear();
        int row = 0;
        for (Map.Entry<String, Double> entry : prediction.scores().entrySet()) {
            ProgressBar bar = new ProgressBar(entry.getValue());
            bar.setPrefWidth(260);
            bar.setId("bar-" + entry.getKey());
            if (entry.getKey().equals(prediction.label())) {
                bar.getStyleClass().add(Styles.SUCCESS);
            }
            bars.addRow(row++, new Label(entry.getKey()), bar,
                    new Label(String.format(Locale.ROOT, "%.3f", entry.getValue())));
        }
    }

    private Node fileRow() {
        Button choose = new Button("Predict a file…", new FontIcon(Material2AL.INSERT_DRIVE_FILE));
        choose.setId("predictFile");
        choose.disableProperty().bind(model.modelStateProperty().isNotEqualTo(PredictViewModel.ModelState.READY)
                .or(model.batchRunningProperty()));
        choose.setOnAction(event -> {
            FileChooser open = new FileChooser();
            open.setTitle("Texts to classify");
            open.getExtensionFilters().add(new FileChooser.ExtensionFilter("Texts (.txt, .csv, .tsv)", "*.txt", "*.csv", "*.tsv"));
            File input = open.showOpenDialog(root.getScene().getWindow());
            if (input == null) {
                return;
            }
            FileChooser save = new FileChooser();
            save.setTitle("Save predictions as");
            save.setInitialFileName(input.getName().replaceFirst("\\.[^.]+$", "") + "-predictions.jsonl");
            save.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("JSON Lines", "*.jsonl"),
                    new FileChooser.ExtensionFilter("CSV", "*.csv"));
            File output = save.showSaveDialog(root.getScene().getWindow());
            if (output != null) {
                model.predictFile(input.toPath(), Path.of(output.getAbsolutePath()));
            }
        });
        Button cancel = new Button("Cancel", new FontIcon(Material2AL.CLOSE));
        cancel.setId("cancelFile");
        cancel.visibleProperty().bind(model.batchRunningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(event -> model.cancelFile());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(200);
        progress.progressProperty().bind(model.batchProgressProperty());
        progress.visibleProperty().bind(model.batchRunningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Label status = new Label();
        status.setId("fileStatus");
        status.textProperty().bind(model.batchStatusProperty());
        status.getStyleClass().add(Styles.TEXT_SMALL);
        HBox row = new HBox(10, choose, progress, cancel, status);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Node historyList() {
        ListView<PredictViewModel.HistoryEntry> list = new ListView<>(model.history());
        list.setId("history");
        list.setPrefHeight(160);
        list.setPlaceholder(new Label("Recent predictions appear here"));
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(PredictViewModel.HistoryEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                setText(empty || entry == null ? null : String.format(Locale.ROOT, "%-8s %.3f   %s",
                        entry.prediction().label(), entry.prediction().score(), entry.text()));
            }
        });
        Label heading = new Label("History");
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        VBox box = new VBox(6, heading, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox.setVgrow(box, Priority.ALWAYS);
        return box;
    }
}
