package dev.labconsole.ui.endpoint;

import dev.labconsole.lab.monitor.LoadTest;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The load test's controls and its requests-per-second chart, for the Test page. */
public final class LoadTestView {

    private final VBox root;

    public LoadTestView(LoadTestViewModel model) {
        Label heading = new Label("Load test");
        heading.getStyleClass().add("title-4");
        Label intro = new Label("Sends a fixed number of predictions through the load balancer (at most "
                + LoadTest.MAX_REQUESTS + ", " + LoadTest.MAX_CONCURRENCY + " at once), so the Monitoring page's"
                + " charts and alarms react. Each request is billed like any other: a few cents at most.");
        intro.setWrapText(true);
        TextField requests = field("loadRequests", model.requestsProperty(), 6);
        TextField atOnce = field("loadConcurrency", model.concurrencyProperty(), 4);
        Button start = new Button("Run");
        start.setId("runLoadTest");
        start.setOnAction(e -> model.start());
        start.disableProperty().bind(model.runningProperty());
        Button stop = new Button("Stop");
        stop.setId("stopLoadTest");
        stop.setOnAction(e -> model.stop());
        stop.disableProperty().bind(model.runningProperty().not());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.runningProperty());
        HBox row = new HBox(8, new Label("Requests"), requests, new Label("at once"), atOnce, start, stop, progress);
        row.setAlignment(Pos.CENTER_LEFT);
        Label status = new Label();
        status.setId("loadStatus");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());

        BarChart<String, Number> perSecond = new BarChart<>(new CategoryAxis(), new NumberAxis());
        perSecond.setId("loadChart");
        perSecond.setTitle("Requests completed per second");
        perSecond.setLegendVisible(false);
        perSecond.setAnimated(false);
        perSecond.setPrefHeight(200);
        perSecond.setMinHeight(160);
        perSecond.visibleProperty().bind(model.resultProperty().isNotNull());
        perSecond.managedProperty().bind(perSecond.visibleProperty());
        model.resultProperty().addListener((obs, old, now) -> {
            perSecond.getData().clear();
            if (now != null) {
                XYChart.Series<String, Number> series = new XYChart.Series<>();
                for (int s = 0; s < now.perSecond().size(); s++) {
                    series.getData().add(new XYChart.Data<>(String.valueOf(s + 1), now.perSecond().get(s)));
                }
                perSecond.getData().add(series);
            }
        });
        root = new VBox(8, heading, intro, row, status, perSecond);
    }

    public Node root() {
        return root;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty property, int columns) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(columns);
        field.textProperty().bindBidirectional(property);
        return field;
    }
}
