package dev.labconsole.ui.logs;

import atlantafx.base.theme.Styles;
import dev.labconsole.lab.LogLine;
import java.io.File;
import java.io.IOException;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** The Logs page's controls, bound to a {@link LogsViewModel}. */
public final class LogsView {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass WARN = PseudoClass.getPseudoClass("warn");

    private final BorderPane root;

    public LogsView(LogsViewModel model) {
        Label title = new Label("Logs");
        title.getStyleClass().add(Styles.TITLE_2);
        Button follow = new Button("Follow", new FontIcon(Material2OutlinedMZ.PLAY_ARROW));
        follow.setId("followLogs");
        follow.disableProperty().bind(model.followingProperty());
        follow.setOnAction(e -> model.start());
        Button pause = new Button();
        pause.setId("pauseLogs");
        pause.textProperty().bind(javafx.beans.binding.Bindings.when(model.pausedProperty()).then("Resume")
                .otherwise("Pause"));
        pause.setOnAction(e -> model.togglePause());
        CheckBox autoScroll = new CheckBox("Auto-scroll");
        autoScroll.selectedProperty().bindBidirectional(model.autoScrollProperty());
        TextField filter = new TextField();
        filter.setId("logFilter");
        filter.setPromptText("filter");
        filter.textProperty().bindBidirectional(model.filterProperty());
        Button clear = new Button("Clear", new FontIcon(Material2OutlinedAL.DELETE));
        clear.setOnAction(e -> model.clear());
        Button copy = new Button("Copy", new FontIcon(Material2OutlinedAL.CONTENT_COPY));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.shownText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        Button export = new Button("Export", new FontIcon(Material2OutlinedMZ.SHARE));
        Label status = new Label();
        status.setId("logStatus");
        status.textProperty().bind(model.statusProperty());
        export.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName("lab-logs.txt");
            File file = chooser.showSaveDialog(export.getScene().getWindow());
            if (file != null) {
                try {
                    model.export(file.toPath());
                } catch (IOException ex) {
                    status.textProperty().unbind();
                    status.setText("Could not export: " + ex.getMessage());
                    status.textProperty().bind(model.statusProperty());
                }
            }
        });

        ListView<LogLine> list = new ListView<>(model.shown());
        list.setId("logLines");
        list.setPlaceholder(new Label("Follow shows the service's log group here, live."));
        // One height for every line: the list need not measure cells to scroll to the newest.
        list.setFixedCellSize(24);
        list.getStylesheets().add(LogsView.class.getResource("logs.css").toExternalForm());
        list.setCellFactory(view -> new ListCell<>() {
            {
                getStyleClass().add("log-line");
            }

            @Override
            protected void updateItem(LogLine line, boolean empty) {
                super.updateItem(line, empty);
                LogsViewModel.Level level = empty || line == null ? LogsViewModel.Level.INFO
                        : LogsViewModel.levelOf(line.message());
                // Pseudo-classes, not inline styles: a changed inline style makes the cell's CSS parse again.
                pseudoClassStateChanged(ERROR, level == LogsViewModel.Level.ERROR);
                pseudoClassStateChanged(WARN, level == LogsViewModel.Level.WARN);
                setText(empty || line == null ? null : line.timestamp() + "  " + line.message());
            }
        });
        model.shown().addListener((ListChangeListener<LogLine>) change -> {
            if (model.autoScrollProperty().get() && !model.shown().isEmpty()) {
                list.scrollTo(model.shown().size() - 1);
            }
        });

        HBox tools = new HBox(10, title, follow, pause, autoScroll, filter, clear, copy, export);
        tools.setPadding(new Insets(0, 0, 10, 0));
        root = new BorderPane(list);
        Label practice = new Label();
        practice.setId("logsPracticeNote");
        practice.setWrapText(true);
        practice.textProperty().bind(model.practiceNoteProperty());
        Button sample = new Button("Write sample lines");
        sample.setId("writeSampleLines");
        sample.setOnAction(e -> model.writeSampleLines());
        HBox practiceRow = new HBox(10, practice, sample);
        practiceRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(practice, javafx.scene.layout.Priority.ALWAYS);
        practiceRow.managedProperty().bind(model.practiceNoteProperty().isNotEmpty());
        practiceRow.visibleProperty().bind(practiceRow.managedProperty());
        practiceRow.setPadding(new Insets(0, 0, 10, 0));
        root.setTop(new javafx.scene.layout.VBox(tools, practiceRow));
        root.setBottom(status);
        // A page out of sight stops following: Live Tail bills per minute on AWS while nobody looks.
        root.sceneProperty().addListener((o, was, now) -> {
            if (now == null) {
                model.stop();
            }
        });
        root.setPadding(new Insets(20));
    }

    public Node root() {
        return root;
    }
}
