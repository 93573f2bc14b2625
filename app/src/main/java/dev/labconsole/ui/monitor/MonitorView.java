package dev.labconsole.ui.monitor;

import dev.labconsole.lab.monitor.LabAlarms;
import dev.labconsole.lab.monitor.LabMetric;
import dev.labconsole.lab.monitor.LabMetrics;
import dev.labconsole.lab.monitor.MetricRange;
import dev.labconsole.lab.monitor.MetricSeries;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;

/** The Monitoring page: four charts (traffic, latency, task health, resources) and the alarms. */
public final class MonitorView {

    /** The charts and the metrics each draws. */
    enum Chart {
        TRAFFIC("Requests and errors", "per period", LabMetric.REQUESTS, LabMetric.HTTP_4XX, LabMetric.HTTP_5XX),
        LATENCY("Response time", "seconds", LabMetric.RESPONSE_TIME_P50, LabMetric.RESPONSE_TIME_P95),
        TASKS("Tasks behind the load balancer", "tasks", LabMetric.HEALTHY_HOSTS, LabMetric.UNHEALTHY_HOSTS),
        RESOURCES("Service CPU and memory", "%", LabMetric.CPU, LabMetric.MEMORY);

        final String title;
        final String unit;
        final List<LabMetric> metrics;

        Chart(String title, String unit, LabMetric... metrics) {
            this.title = title;
            this.unit = unit;
            this.metrics = List.of(metrics);
        }
    }

    private final MonitorViewModel model;
    private final ScrollPane root;
    private final Timeline everyMinute;

    public MonitorView(MonitorViewModel model) {
        this.model = model;
        Label title = new Label("Monitoring");
        title.getStyleClass().add("title-2");
        Label intro = new Label("The lab's section 6: check CloudWatch for metrics and alarms. The load balancer"
                + " reports requests, response times and errors per minute; ECS reports the service's CPU and memory.");
        intro.setWrapText(true);

        ComboBox<MetricRange> range = new ComboBox<>(FXCollections.observableArrayList(MetricRange.values()));
        range.setId("metricRange");
        range.setConverter(new StringConverter<>() {
            @Override
            public String toString(MetricRange value) {
                return value == null ? "" : "Last " + value.label();
            }

            @Override
            public MetricRange fromString(String text) {
                return null;
            }
        });
        range.valueProperty().bindBidirectional(model.rangeProperty());
        Button refresh = new Button("Refresh");
        refresh.setId("refreshMetrics");
        refresh.setOnAction(e -> model.refresh());
        Label status = new Label();
        status.setId("metricsStatus");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        HBox bar = new HBox(10, range, refresh);

        GridPane charts = new GridPane();
        charts.setHgap(12);
        charts.setVgap(12);
        for (Chart chart : Chart.values()) {
            LineChart<Number, Number> drawn = chart(chart);
            GridPane.setHgrow(drawn, Priority.ALWAYS);
            charts.add(drawn, chart.ordinal() % 2, chart.ordinal() / 2);
        }
        model.snapshotProperty().addListener((obs, old, now) -> {
            for (var node : charts.getChildren()) {
                @SuppressWarnings("unchecked")
                LineChart<Number, Number> drawn = (LineChart<Number, Number>) node;
                draw(drawn, Chart.valueOf(drawn.getId().substring("chart-".length())), now);
            }
        });

        Label alarmsTitle = new Label("Alarms");
        alarmsTitle.getStyleClass().add("title-4");
        ListView<LabAlarms.Alarm> alarms = new ListView<>(model.alarms());
        alarms.setId("alarms");
        alarms.setPrefHeight(80);
        alarms.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(LabAlarms.Alarm alarm, boolean empty) {
                super.updateItem(alarm, empty);
                setText(empty || alarm == null ? null : alarm.state() + "  " + alarm.name() + " — "
                        + alarm.kind().meaning() + (alarm.reason() == null ? "" : " (" + alarm.reason() + ")"));
            }
        });
        Button create = new Button("Create alarms");
        create.setId("createAlarms");
        create.setOnAction(e -> model.createAlarms());
        create.disableProperty().bind(model.busyProperty());
        Button delete = new Button("Delete alarms");
        delete.setId("deleteAlarms");
        delete.setOnAction(e -> model.deleteAlarms());
        delete.disableProperty().bind(model.busyProperty().or(javafx.beans.binding.Bindings.isEmpty(model.alarms())));
        Label alarmStatus = new Label();
        alarmStatus.setId("alarmStatus");
        alarmStatus.setWrapText(true);
        alarmStatus.textProperty().bind(model.alarmStatusProperty());

        // The alarms come first: three lines and their buttons stay in view above the charts at 1280x720.
        VBox content = new VBox(12, title, intro, bar, status, alarmsTitle, new HBox(10, create, delete),
                alarmStatus, alarms, charts);
        content.setPadding(new javafx.geometry.Insets(20));
        root = new ScrollPane(content);
        root.setFitToWidth(true);
        everyMinute = new Timeline(new KeyFrame(Duration.minutes(1), e -> model.refresh()));
        everyMinute.setCycleCount(Timeline.INDEFINITE);
    }

    /** Starts following (a refresh now, then every minute) while the page is shown; stops when it is not. */
    public void shown(boolean shown) {
        if (shown) {
            model.refresh();
            everyMinute.play();
        } else {
            everyMinute.stop();
        }
    }

    public Parent root() {
        return root;
    }

    private static LineChart<Number, Number> chart(Chart chart) {
        // Every chart spans the whole range, so an empty one and a full one read on the same time scale.
        NumberAxis time = new NumberAxis(-60, 0, 10);
        time.setAutoRanging(false);
        time.setLabel("minutes ago");
        NumberAxis value = new NumberAxis();
        value.setLabel(chart.unit);
        LineChart<Number, Number> drawn = new LineChart<>(time, value);
        drawn.setId("chart-" + chart.name());
        drawn.setTitle(chart.title);
        drawn.setAnimated(false);
        drawn.setCreateSymbols(false);
        drawn.setMinHeight(220);
        drawn.setPrefHeight(240);
        return drawn;
    }

    private static void draw(LineChart<Number, Number> drawn, Chart chart, LabMetrics.Snapshot snapshot) {
        drawn.getData().clear();
        if (snapshot == null) {
            return;
        }
        NumberAxis time = (NumberAxis) drawn.getXAxis();
        double span = snapshot.range().span().toMinutes();
        time.setLowerBound(-span);
        time.setUpperBound(0);
        time.setTickUnit(span / 6);
        for (MetricSeries series : snapshot.series()) {
            if (!chart.metrics.contains(series.metric())) {
                continue;
            }
            XYChart.Series<Number, Number> line = new XYChart.Series<>();
            line.setName(series.metric().label());
            for (MetricSeries.Point point : series.points()) {
                double minutesAgo = -java.time.Duration.between(point.at(), snapshot.to()).toSeconds() / 60.0;
                line.getData().add(new XYChart.Data<>(minutesAgo, point.value()));
            }
            drawn.getData().add(line);
        }
    }
}
