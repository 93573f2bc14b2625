package dev.labconsole.ui.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.scale.ModelRollout;
import dev.labconsole.lab.scale.ServiceScaling;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.FxBackgroundRunner;
import dev.labconsole.ui.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
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
        ScaleViewModel model = new ScaleViewModel(runner, new ScaleViewModel.Source() {
            @Override
            public ServiceScaling scaling() {
                return new ServiceScaling(aws, "lab", 0.05);
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
        });
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
