package dev.labconsole.ui.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.lab.scale.ModelRollout;
import dev.labconsole.lab.scale.ServiceScaling;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.FxBackgroundRunner;
import dev.labconsole.ui.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The page as a student uses it against the emulator: autoscaling set up, a version rolled out and back. */
@ExtendWith({MotoExtension.class, ApplicationExtension.class})
class ScalePageTest {

    @TempDir
    Path temp;

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
        aws.close();
        moto.reset();
    }

    /** The page's work done by {@code rollout} and autoscaling on {@code lab}, as the window's session does it. */
    private static ScaleViewModel.Source source(AwsClients clients, ServiceScaling.Service lab, ModelRollout rollout) {
        return new ScaleViewModel.Source() {
            @Override
            public ServiceScaling scaling() {
                return new ServiceScaling(clients, "lab", 0.05);
            }

            @Override
            public ServiceScaling.Service service() {
                return lab;
            }

            @Override
            public ModelRollout rollout() {
                return rollout;
            }

            @Override
            public ModelRollout.Move rollOut(String version) {
                return rollout.rollOut(version);
            }

            @Override
            public ModelRollout.Move rollBack() {
                return rollout.rollBack();
            }
        };
    }

    /**
     * Presses {@code button} as soon as it is enabled: the page reads the service every few hundred
     * milliseconds here, and the buttons are disabled while it does.
     */
    private static void press(FxRobot robot, String button) throws Exception {
        Button pressed = robot.lookup(button).queryAs(Button.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
            if (pressed.isDisabled()) {
                return false;
            }
            pressed.fire();
            return true;
        }).get());
    }

    /**
     * A rollout watched on the page through the AWS-like emulator, which runs ECS's rolling deployment at 1/10
     * of AWS's time (6 s to start the new tasks, 2 s of health checks, 6 s of draining): both deployments
     * with their tasks, the old targets draining, a second rollout refused with nothing uploaded, the
     * completion, and a roll back in one action.
     */
    @Test
    void aRolloutIsWatchedWithTheOldAndNewTasksUntilItCompletes(FxRobot robot, MotoServer moto) throws Exception {
        this.moto = moto;
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        aws.s3().createBucket(r -> r.bucket("lab-models"));
        aws.s3().putObject(r -> r.bucket("lab-models").key("models/sentiment/model.pt"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("weights v1"));
        aws.cloudWatch().putMetricAlarm(r -> r.alarmName("lab-5xx").namespace("AWS/ApplicationELB")
                .metricName("HTTPCode_Target_5XX_Count").statistic("Sum").period(60).evaluationPeriods(1)
                .threshold(5.0).comparisonOperator("GreaterThanThreshold"));
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), new EmulatorSettings(0.1, 0, Set.of(), 0, false));
                AwsClients viaProxy = AwsClients.create(new AwsTarget("us-east-1", null, proxy.endpoint()),
                        MotoServer.CREDENTIALS)) {
            String vpc = viaProxy.ec2().createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId();
            String group = viaProxy.elb().createTargetGroup(r -> r.name("lab-tg").protocol("HTTP").port(8000)
                    .vpcId(vpc).targetType("ip").healthCheckIntervalSeconds(10).healthyThresholdCount(2))
                    .targetGroups().get(0).targetGroupArn();
            viaProxy.elb().modifyTargetGroupAttributes(r -> r.targetGroupArn(group).attributes(
                    a -> a.key("deregistration_delay.timeout_seconds").value("60")));
            String cluster = viaProxy.ecs().createCluster(r -> r.clusterName("lab-cluster")).cluster().clusterArn();
            String first = viaProxy.ecs().registerTaskDefinition(r -> r.family("lab").containerDefinitions(c -> c
                    .name("lab").image("server").memory(512).environment(e -> e.name("MODEL_URI")
                            .value("s3://lab-models/models/sentiment/")))).taskDefinition().taskDefinitionArn();
            String service = viaProxy.ecs().createService(r -> r.cluster(cluster).serviceName("lab-service")
                    .taskDefinition(first).desiredCount(2)
                    .loadBalancers(b -> b.targetGroupArn(group).containerName("lab").containerPort(8000))
                    .deploymentConfiguration(d -> d.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))))
                    .service().serviceArn();
            ModelRollout rollout = new ModelRollout(viaProxy,
                    new ModelRollout.Target(cluster, service, "lab-models", "sentiment", "lab"));
            ScaleViewModel model = new ScaleViewModel(runner, source(viaProxy,
                    new ServiceScaling.Service(cluster, service, null, null), rollout));
            ScaleView view = new ScaleView(model, Duration.millis(300));
            robot.interact(() -> {
                // The window's theme, so the picture for the README looks like the page in the window.
                javafx.application.Application.setUserAgentStylesheet(
                        new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
                stage.setScene(new Scene(view.root(), 1280, 720));
                stage.show();
                view.shown(true);
            });
            try {
                watchRollout(robot, model, group);
            } finally {
                robot.interact(() -> {
                    view.shown(false);
                    javafx.application.Application.setUserAgentStylesheet(null);
                });
            }
        }
    }

    private void watchRollout(FxRobot robot, ScaleViewModel model, String group) throws Exception {
        Label deployment = robot.lookup("#deploymentStatus").queryAs(Label.class);
        Label rolloutStatus = robot.lookup("#rolloutStatus").queryAs(Label.class);
        Label safety = robot.lookup("#deploymentSafety").queryAs(Label.class);
        // The new service's own first deployment takes the tasks' start time too.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> deployment.getText().startsWith("Deployment in"
                + " progress: lab:1. New tasks: 0 running, 2 starting"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> deployment.getText().startsWith("Deployment completed"));
        assertThat(deployment.getText()).contains("all 2 tasks run lab:1");
        assertThat(safety.getText()).contains("circuit breaker rolls back").contains("no alarms roll it back yet");

        Path v2 = Files.createDirectories(temp.resolve("v2"));
        Files.writeString(v2.resolve("model.pt"), "weights v2");
        robot.interact(() -> {
            model.versionProperty().set("v2");
            model.modelFolderProperty().set(v2);
        });
        press(robot, "#rollOut");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> rolloutStatus.getText().startsWith("Rolling out v2"));
        assertThat(rolloutStatus.getText()).contains("lab:1 -> lab:2")
                .contains("the circuit breaker and alarm lab-5xx roll it back");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> deployment.getText().startsWith(
                "Deployment in progress: lab:1 -> lab:2"));
        assertThat(safety.getText()).as("as the service reports it").contains("the alarm lab-5xx rolls it back");
        @SuppressWarnings("unchecked")
        ListView<ModelRollout.DeploymentView> deployments = robot.lookup("#deployments").queryAs(ListView.class);
        assertThat(deployments.getItems()).hasSize(2);

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> deployment.getText().contains("draining"));
        assertThat(deployment.getText()).contains("New tasks: 2 running").contains("old tasks: 2 draining");
        robot.interact(() -> Screenshots.write(stage.getScene(), "scale-rollout-in-progress"));
        assertThat(robot.lookup(".list-cell").queryAllAs(javafx.scene.control.ListCell.class))
                .extracting(c -> c.getText() == null ? "" : c.getText())
                .anyMatch(t -> t.startsWith("New  lab:2  s3://lab-models/models/sentiment/v2/  2 running of 2"))
                .anyMatch(t -> t.startsWith("Old  lab:1  s3://lab-models/models/sentiment/  2 running, none wanted")
                        && t.contains("draining"))
                .anyMatch(t -> t.contains("has begun draining connections on 2 tasks"))
                .anyMatch(t -> t.contains("deregistered 2 targets in (target-group " + group + ")"));

        // A second rollout is refused while this one runs (its old targets drain for 6 s), before its model is
        // uploaded.
        Path v3 = Files.createDirectories(temp.resolve("v3"));
        Files.writeString(v3.resolve("model.pt"), "weights v3");
        robot.interact(() -> {
            model.versionProperty().set("v3");
            model.modelFolderProperty().set(v3);
        });
        press(robot, "#rollOut");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> rolloutStatus.getText().contains("still in progress"));
        assertThat(rolloutStatus.getText()).contains("lab:1 -> lab:2, 2 of 2 new tasks running");
        assertThat(aws.s3().listObjectsV2(r -> r.bucket("lab-models").prefix("models/sentiment/v3/")).contents())
                .isEmpty();

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> deployment.getText().startsWith(
                "Deployment completed at "));
        assertThat(deployment.getText()).contains("all 2 tasks run lab:2 (s3://lab-models/models/sentiment/v2/)");
        assertThat(deployments.getItems()).singleElement()
                .satisfies(d -> assertThat(d.stage()).isEqualTo(ModelRollout.Stage.COMPLETED));

        press(robot, "#rollBack");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> rolloutStatus.getText().startsWith("Rolling back"));
        assertThat(rolloutStatus.getText()).contains("lab:2 -> lab:1");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> deployment.getText().startsWith(
                "Deployment in progress: lab:2 -> lab:1"));
    }

    @Test
    void scalingIsSetUpAndAVersionRollsOutAndBack(FxRobot robot, MotoServer moto) throws Exception {
        this.moto = moto;
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        aws.s3().createBucket(r -> r.bucket("lab-models"));
        String cluster = aws.ecs().createCluster(r -> r.clusterName("lab-cluster")).cluster().clusterArn();
        String first = aws.ecs().registerTaskDefinition(r -> r.family("lab").containerDefinitions(c -> c.name("lab")
                .image("server").memory(512).environment(e -> e.name("MODEL_URI")
                        .value("s3://lab-models/models/sentiment/")))).taskDefinition().taskDefinitionArn();
        String service = aws.ecs().createService(r -> r.cluster(cluster).serviceName("lab-service").taskDefinition(first)
                .desiredCount(2)).service().serviceArn();
        ServiceScaling.Service lab = new ServiceScaling.Service(cluster, service, null, null);
        ModelRollout rollout = new ModelRollout(aws, new ModelRollout.Target(cluster, service, "lab-models", "sentiment"));
        ScaleViewModel model = new ScaleViewModel(runner, source(aws, lab, rollout));
        ScaleView view = new ScaleView(model);
        robot.interact(() -> {
            stage.setScene(new Scene(view.root(), 1280, 720));
            stage.show();
            view.shown(true);
        });
        Label scaling = robot.lookup("#scalingStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> scaling.getText().startsWith("No autoscaling"));

        robot.interact(() -> {
            model.minTasksProperty().set("3");
            model.maxTasksProperty().set("2");
        });
        robot.clickOn("#applyScaling");
        assertThat(scaling.getText()).contains("above the maximum");
        assertThat(aws.autoScaling().describeScalableTargets(r -> r.serviceNamespace("ecs")).scalableTargets()).isEmpty();

        robot.interact(() -> {
            model.minTasksProperty().set("1");
            model.maxTasksProperty().set("3");
            model.metricProperty().set("cpu");
            model.targetProperty().set("60");
        });
        robot.clickOn("#applyScaling");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> scaling.getText().startsWith("Autoscaling: 1 to 3"));
        assertThat(scaling.getText()).contains("$0.15/h");

        Path v2 = Files.createDirectories(temp.resolve("v2"));
        Files.writeString(v2.resolve("model.pt"), "weights v2");
        robot.interact(() -> {
            model.versionProperty().set("v2");
            model.modelFolderProperty().set(v2);
        });
        robot.clickOn("#rollOut");
        Label rolloutStatus = robot.lookup("#rolloutStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> rolloutStatus.getText().startsWith("Rolling out v2"));
        assertThat(rolloutStatus.getText()).contains("lab:1 -> lab:2");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.versions().contains("v2"));
        robot.interact(() -> Screenshots.write(stage.getScene(), "scale-and-roll-out"));

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !model.busyProperty().get());
        robot.clickOn("#rollBack");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> rolloutStatus.getText().startsWith("Rolling back"));
        assertThat(rolloutStatus.getText()).contains("lab:2 -> lab:1");
        assertThat(aws.ecs().describeServices(r -> r.cluster(cluster).services(service)).services().get(0)
                .taskDefinition()).isEqualTo(first);
        robot.interact(() -> view.shown(false));
    }
}
