package dev.labconsole.ui.endpoint;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import dev.labconsole.lab.LabTargets.TargetHealth;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;

/** The Test page's controls, bound to an {@link EndpointTestViewModel}. */
public final class EndpointTestView {

    private final VBox root;

    public EndpointTestView(EndpointTestViewModel model) {
        this(model, () -> { });
    }

    /**
     * The page; in practice mode (when the page has a note to show) a button offers {@code testLocally}:
     * trying the same model on this machine, which does work there.
     */
    public EndpointTestView(EndpointTestViewModel model, Runnable testLocally) {
        Label title = new Label("Test");
        title.getStyleClass().add(Styles.TITLE_2);
        Label address = new Label();
        address.setId("endpointAddress");
        address.textProperty().bind(javafx.beans.binding.Bindings.when(model.addressProperty().isEmpty())
                .then("Address: no load balancer yet").otherwise(javafx.beans.binding.Bindings.concat("Address: ",
                        model.addressProperty())));
        Label note = new Label();
        note.setId("endpointNote");
        note.setWrapText(true);
        // In a VBox a wrapping label is otherwise cut to one line with an ellipsis.
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        note.getStyleClass().add(Styles.WARNING);
        note.textProperty().bind(model.noteProperty());
        Button health = new Button("GET /health");
        health.setId("health");
        health.disableProperty().bind(model.canTestProperty().not());
        health.setOnAction(e -> model.health());
        TextArea healthResult = result("healthResult");
        healthResult.textProperty().bind(model.healthResultProperty());
        TextField text = new TextField();
        text.setId("endpointText");
        text.textProperty().bindBidirectional(model.textProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        Button predict = new Button("POST /predict");
        predict.setId("endpointPredict");
        predict.disableProperty().bind(model.canTestProperty().not());
        predict.setOnAction(e -> model.predict());
        TextArea predictResult = result("predictResult");
        predictResult.textProperty().bind(model.predictResultProperty());
        Button docs = new Button("Open /docs in the browser", new FontIcon(Material2OutlinedAL.LAUNCH));
        docs.setId("openDocs");
        docs.disableProperty().bind(model.canOpenDocsProperty().not());
        docs.setOnAction(e -> model.openDocs());

        Label targetsTitle = new Label("Target health");
        targetsTitle.getStyleClass().add(Styles.TITLE_4);
        Button readTargets = new Button("Check targets");
        readTargets.setId("readTargets");
        readTargets.disableProperty().bind(model.readingTargetsProperty().or(model.addressProperty().isEmpty()));
        readTargets.setOnAction(e -> model.readTargets());
        Label targetsStatus = new Label();
        targetsStatus.setId("targetsStatus");
        targetsStatus.setWrapText(true);
        targetsStatus.textProperty().bind(model.targetsStatusProperty());
        ListView<TargetHealth> targets = new ListView<>(model.targets());
        targets.setId("targets");
        targets.setPrefHeight(110);
        targets.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(TargetHealth item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.toString());
                setGraphic(empty || item == null ? null : new FontIcon(item.healthy()
                        ? Material2OutlinedAL.CHECK_CIRCLE : Material2OutlinedAL.ERROR_OUTLINE));
                getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
                if (!empty && item != null) {
                    getStyleClass().add(item.healthy() ? Styles.SUCCESS : Styles.DANGER);
                }
            }
        });
        Button locally = new Button("Test locally on Predict");
        locally.setId("testLocally");
        locally.setOnAction(e -> testLocally.run());
        locally.visibleProperty().bind(model.noteProperty().isNotEmpty());
        locally.managedProperty().bind(locally.visibleProperty());
        root = new VBox(12, title, address, note, new HBox(10, health, docs, locally), healthResult,
                new HBox(10, text, predict), predictResult, targetsTitle, new HBox(10, readTargets, targetsStatus),
                targets);
        root.setPadding(new Insets(20));
    }

    private static TextArea result(String id) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.setPrefRowCount(4);
        // An answer wraps inside its box rather than running off it.
        area.setWrapText(true);
        area.setStyle("-fx-font-family: monospace;");
        return area;
    }

    public Node root() {
        return root;
    }
}
