package dev.labconsole.ui.endpoint;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Test page's controls, bound to an {@link EndpointTestViewModel}. */
public final class EndpointTestView {

    private final VBox root;

    public EndpointTestView(EndpointTestViewModel model) {
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
        root = new VBox(12, title, address, note, health, healthResult, new HBox(10, text, predict), predictResult);
        root.setPadding(new Insets(20));
    }

    private static TextArea result(String id) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.setPrefRowCount(4);
        area.setStyle("-fx-font-family: monospace;");
        return area;
    }

    public Node root() {
        return root;
    }
}
