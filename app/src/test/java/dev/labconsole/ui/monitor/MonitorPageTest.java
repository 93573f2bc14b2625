package dev.labconsole.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.monitor.LabAlarms;
import dev.labconsole.lab.monitor.LabMetrics;
import dev.labconsole.ui.FxBackgroundRunner;
import dev.labconsole.ui.Screenshots;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;

/** The Monitoring page draws what the emulator's CloudWatch holds, and shows the alarms' states as they change. */
@ExtendWith({MotoExtension.class, ApplicationExtension.class})
class MonitorPageTest {

    private static final LabMetrics.Resources LAB = new LabMetrics.Resources(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab-alb/50dc6c495c0c9188",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lab-tg/73e2d6bc24d8a067",
            "arn:aws:ecs:us-east-1:123456789012:cluster/lab-cluster",
            "arn:aws:ecs:us-east-1:123456789012:service/lab-cluster/lab-service");

    private Stage stage;
    private FxBackgroundRunner runner;
    private AwsClients aws;
    private MotoServer moto;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        runner = new FxBackgroundRunner();
    }

    @AfterEach
    void close() {
        runner.close();
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.reset();
        }
    }

    private MonitorView show(FxRobot robot, MotoServer moto, LabMetrics.Resources resources) {
        this.moto = moto;
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        LabMetrics metrics = new LabMetrics(aws, resources, Clock.systemUTC());
        MonitorViewModel model = new MonitorViewModel(runner, new MonitorViewModel.Source() {
            @Override
            public LabMetrics metrics() {
                return metrics;
            }

            @Override
            public LabAlarms alarms() {
                return new LabAlarms(aws, "lab");
            }

            @Override
            public LabMetrics.Resources resources() {
                return resources;
            }
        });
        MonitorView view = new MonitorView(model);
        robot.interact(() -> {
            stage.setScene(new Scene(view.root(), 1280, 720));
            stage.show();
        });
        return view;
    }

    @Test
    void theChartsDrawTheLabsMetricsAndTheAlarmsFollowTheirState(FxRobot robot, MotoServer moto) throws Exception {
        MonitorView view = show(robot, moto, LAB);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Dimension balancer = Dimension.builder().name("LoadBalancer").value("app/lab-alb/50dc6c495c0c9188").build();
        for (int minutesAgo : new int[] {9, 6, 2}) {
            aws.cloudWatch().putMetricData(r -> r.namespace("AWS/ApplicationELB").metricData(d -> d
                    .metricName("RequestCount").value(10.0 * minutesAgo).timestamp(now.minus(Duration.ofMinutes(minutesAgo)))
                    .dimensions(balancer)));
        }

        robot.interact(() -> view.shown(true));
        // The read is done when the status says what was read, not merely when a chart first has data.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !chart(robot, "TRAFFIC").getData().isEmpty()
                && robot.lookup("#metricsStatus").queryAs(Label.class).getText().startsWith("Last 1 h"));

        var requests = chart(robot, "TRAFFIC").getData().stream().filter(s -> s.getName().equals("Requests"))
                .findFirst().orElseThrow();
        assertThat(requests.getData()).extracting(d -> d.getYValue().doubleValue()).containsExactly(90.0, 60.0, 20.0);
        assertThat(requests.getData()).extracting(d -> d.getXValue().doubleValue()).allSatisfy(x ->
                assertThat(x).isBetween(-15.0, 0.0));
        assertThat(chart(robot, "RESOURCES").getData()).allSatisfy(s -> assertThat(s.getData()).isEmpty());
        assertThat(robot.lookup("#metricsStatus").queryAs(Label.class).getText()).startsWith("Last 1 h");

        robot.clickOn("#createAlarms");
        ListView<?> alarms = robot.lookup("#alarms").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> alarms.getItems().size() == 3);
        aws.cloudWatch().setAlarmState(r -> r.alarmName("lab-unhealthy-tasks").stateValue("ALARM")
                .stateReason("test: a task failed its health checks"));
        robot.clickOn("#refreshMetrics");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#alarmStatus").queryAs(Label.class)
                .getText().equals("1 of 3 alarms firing."));
        robot.interact(() -> Screenshots.write(stage.getScene(), "monitoring"));

        robot.clickOn("#deleteAlarms");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> alarms.getItems().isEmpty());
        assertThat(new LabAlarms(aws, "lab").states()).isEmpty();
        robot.interact(() -> view.shown(false));
    }

    @Test
    void withNothingBuiltThePageSaysWhatWillAppearAndWhen(FxRobot robot, MotoServer moto) throws Exception {
        MonitorView view = show(robot, moto, new LabMetrics.Resources(null, null, null, null));

        robot.interact(() -> view.shown(true));
        Label status = robot.lookup("#metricsStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().startsWith("Nothing to chart yet"));
        assertThat(status.getText()).contains("No load balancer yet").contains("No ECS service yet");
        robot.clickOn("#createAlarms");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#alarmStatus").queryAs(Label.class)
                .getText().contains("create the Containers section first"));
        robot.interact(() -> view.shown(false));
    }

    @SuppressWarnings("unchecked")
    private static LineChart<Number, Number> chart(FxRobot robot, String name) {
        return robot.lookup("#chart-" + name).queryAs(LineChart.class);
    }
}
