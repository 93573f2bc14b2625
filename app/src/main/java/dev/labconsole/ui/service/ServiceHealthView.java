package dev.labconsole.ui.service;

import atlantafx.base.theme.Styles;
import dev.labconsole.lab.ServiceDiagnosis.Finding;
import dev.labconsole.lab.ServiceDiagnosis.ServiceEvent;
import dev.labconsole.lab.ServiceDiagnosis.Severity;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** The service's health panel, bound to a {@link ServiceHealthViewModel}: findings worst first, then ECS's events. */
public final class ServiceHealthView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final VBox root;

    public ServiceHealthView(ServiceHealthViewModel model) {
        Label title = new Label("Service health");
        title.getStyleClass().add(Styles.TITLE_4);
        Button diagnose = new Button("Why not healthy?", new FontIcon(Material2OutlinedMZ.SEARCH));
        diagnose.setId("diagnoseService");
        diagnose.disableProperty().bind(model.readingProperty());
        diagnose.setOnAction(e -> model.diagnose());
        Label status = new Label();
        status.setId("serviceHealthStatus");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());

        ListView<Finding> findings = new ListView<>(model.findings());
        findings.setId("serviceFindings");
        findings.setPrefHeight(150);
        findings.setPlaceholder(new Label("What stops the tasks shows here, with what to do."));
        findings.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Finding item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(Styles.DANGER, Styles.WARNING);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText((item.at() == null ? "" : TIME.format(item.at()) + "  ") + item);
                setWrapText(true);
                setPrefWidth(0);
                String style = item.severity() == Severity.ERROR ? Styles.DANGER : Styles.WARNING;
                FontIcon icon = new FontIcon(item.severity() == Severity.ERROR ? Material2OutlinedAL.ERROR
                        : Material2OutlinedMZ.WARNING);
                icon.getStyleClass().add(style);
                setGraphic(icon);
            }
        });

        ListView<ServiceEvent> events = new ListView<>(model.events());
        events.setId("serviceEvents");
        events.setPrefHeight(110);
        events.setPlaceholder(new Label("ECS's own events for the service show here."));
        events.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(ServiceEvent item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null
                        : (item.at() == null ? "" : TIME.format(item.at()) + "  ") + item.message());
            }
        });
        root = new VBox(8, title, new HBox(10, diagnose, status), findings, new Label("ECS events, newest first"),
                events);
    }

    public Node root() {
        return root;
    }
}
