package dev.labconsole.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LogLine;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.StepId;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.connect.ConnectViewModel;
import dev.labconsole.ui.diagram.DiagramModel;
import dev.labconsole.ui.predict.ConsoleLoaders;
import dev.labconsole.ui.predict.PredictViewModel;
import dev.labconsole.ui.shell.MainWindow;
import dev.labconsole.ui.shell.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** The window as a student uses it in practice mode against the moto emulator. */
@ExtendWith({ApplicationExtension.class, MotoExtension.class})
class LabWindowTest {

    @TempDir
    static Path stateHome;

    private FxBackgroundRunner runner;
    private LabSession session;
    private ConnectViewModel connect;
    private PredictViewModel predict;
    private MainWindow window;
    private Stage stage;
    private final List<java.net.URI> openedInBrowser = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        runner = new FxBackgroundRunner();
        LabStateStore store = new LabStateStore(stateHome);
        session = new LabSession(runner, (config, connection, listener) ->
                LabEngine.connect(config, connection, store, listener));
        connect = new ConnectViewModel(session, runner, List.of(), Optional.empty());
        predict = new PredictViewModel(runner, ConsoleLoaders.standard());
        window = new MainWindow(session, connect, predict, openedInBrowser::add);
        stage.setScene(ConsoleApp.createScene(window, 1280, 720));
        stage.show();
    }

    @AfterEach
    void close() {
        session.close();
        predict.close();
        runner.close();
    }

    private static void await(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition);
    }

    @Test
    void connectsInPracticeModeCreatesTheNetworkAndDrawsTheVpc(FxRobot robot, MotoServer moto) throws Exception {
        moto.reset();
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        shoot(robot, "connect-empty");

        robot.clickOn("#practice");
        robot.interact(() -> connect.emulatorUrlProperty().set(moto.endpoint().toString()));
        robot.clickOn("#connect");
        await(() -> session.connectedProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#account").queryAs(Label.class).getText()).matches("\\d{12}");
        assertThat(robot.lookup("#identityArn").queryAs(Label.class).getText()).startsWith("arn:aws:");
        assertThat(robot.lookup("#headerAccount").queryAs(Label.class).getText()).contains("practice mode");

        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT4)
                .release(javafx.scene.input.KeyCode.DIGIT4, javafx.scene.input.KeyCode.CONTROL);
        assertThat(window.pageProperty().get()).as("Ctrl+4 opens the fourth page").isEqualTo(Page.NETWORK);
        robot.clickOn("#nav-NETWORK");
        Button create = robot.lookup("#create").queryAs(Button.class);
        assertThat(create.isDisabled()).isFalse();
        Rectangle vpc = robot.lookup("#diagram-VPC").queryAs(Rectangle.class);
        assertThat(vpc.getStrokeDashArray()).as("nothing created yet: dashed").isNotEmpty();

        robot.clickOn(create);
        await(() -> robot.lookup("#row-VPC").tryQueryAs(ListCell.class)
                .map(cell -> cell.getText() != null && cell.getText().startsWith("VPC: done in")).orElse(false));
        await(() -> !create.isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vpc.getProperties().get("look")).isEqualTo(DiagramModel.Look.EXISTS);
        assertThat(vpc.getStrokeDashArray()).as("the VPC exists: solid").isEmpty();
        assertThat(session.snapshotProperty().get().ids()).containsKey(dev.labconsole.lab.ResourceKey.VPC);

        robot.clickOn("#check");
        await(() -> !robot.lookup("#requirements").queryListView().getItems().isEmpty() && !create.isDisabled());
        List<?> requirements = robot.lookup("#requirements").queryListView().getItems();
        assertThat(requirements).anySatisfy(r -> {
            Requirement requirement = (Requirement) r;
            assertThat(requirement.step()).isEqualTo(StepId.VPC);
            assertThat(requirement.met()).isTrue();
        });
        shoot(robot, "network-checked");

        robot.interact(() -> session.form().fields(dev.labconsole.lab.Section.NETWORK).get(0).value()
                .set("10.0.0.0/33"));
        assertThat(create.isDisabled()).as("an invalid CIDR disables Create").isTrue();
        assertThat(robot.lookup("#createProblem").queryAs(Label.class).getText()).contains("10.0.0.0/33");
        robot.interact(() -> session.form().fields(dev.labconsole.lab.Section.NETWORK).get(0).value()
                .set("10.0.0.0/16"));

        writeServiceLogs(moto);
        robot.clickOn("#nav-LOGS");
        robot.clickOn("#followLogs");
        ListView<?> logLines = robot.lookup("#logLines").queryListView();
        await(() -> logLines.getItems().size() == 3);
        assertThat(robot.lookup("#logStatus").queryAs(Label.class).getText()).contains("3 lines");
        robot.clickOn("#logFilter").write("ERROR");
        assertThat(logLines.getItems()).hasSize(1);
        assertThat(((LogLine) logLines.getItems().get(0)).message()).isEqualTo("ERROR model not found at MODEL_URI");
        robot.interact(() -> robot.lookup("#logFilter").queryAs(javafx.scene.control.TextField.class).clear());
        shoot(robot, "logs-following");

        robot.clickOn("#nav-CLEANUP");
        await(() -> !robot.lookup("#inventory").queryListView().getItems().isEmpty());
        Button destroy = robot.lookup("#destroy").queryAs(Button.class);
        assertThat(destroy.isDisabled()).as("lab name not typed").isTrue();
        robot.clickOn("#confirmLab").write("sentiment-app");
        assertThat(destroy.isDisabled()).isFalse();
        shoot(robot, "cleanup-before");
        Path reportFolder = Files.createTempDirectory("labconsole-report");
        robot.interact(() -> window.exportReport(reportFolder));
        await(() -> robot.lookup("#reportStatus").queryAs(Label.class).getText().startsWith("Report written"));
        assertThat(window.pageProperty().get()).as("back on the page the export started from").isEqualTo(Page.CLEANUP);
        String report = Files.readString(reportFolder.resolve("report.html"));
        assertThat(report).contains(session.snapshotProperty().get().ids().get(dev.labconsole.lab.ResourceKey.VPC),
                "aws ec2 create-vpc", "<img src=\"screenshots/");
        assertThat(Files.readString(reportFolder.resolve("report.md"))).contains("![screenshots/");
        try (var pngs = Files.list(reportFolder.resolve("screenshots"))) {
            assertThat(pngs.filter(png -> png.toString().endsWith(".png")).count()).isEqualTo(Page.values().length);
        }
        robot.clickOn(destroy);
        await(() -> robot.lookup("#cleanupStatus").queryAs(Label.class).getText().endsWith("left"));
        assertThat(robot.lookup("#cleanupStatus").queryAs(Label.class).getText()).isEqualTo("0 resources left");
        await(() -> robot.lookup("#inventory").queryListView().getItems().isEmpty());
        shoot(robot, "cleanup-after");

        for (Page page : Page.values()) {
            robot.interact(() -> window.show(page));
            shoot(robot, "page-" + page.ordinal() + "-" + page.name().toLowerCase(java.util.Locale.ROOT));
        }
        robot.interact(() -> window.darkProperty().set(true));
        robot.interact(() -> window.show(Page.NETWORK));
        shoot(robot, "page-network-dark");
        robot.interact(() -> window.darkProperty().set(false));
        assertThat(Files.list(Path.of(System.getProperty("labconsole.screenshots", "target/screenshots")))
                .filter(p -> p.getFileName().toString().startsWith("page-")).count())
                .isGreaterThanOrEqualTo(Page.values().length);
    }

    /** What the service's tasks would write, put straight into the emulator's log group. */
    private static void writeServiceLogs(MotoServer moto) {
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()),
                MotoServer.CREDENTIALS)) {
            CloudWatchLogsClient logs = aws.logs();
            logs.createLogGroup(b -> b.logGroupName("/ecs/sentiment-app"));
            logs.createLogStream(b -> b.logGroupName("/ecs/sentiment-app").logStreamName("ecs/model/task-1"));
            long now = System.currentTimeMillis();
            logs.putLogEvents(b -> b.logGroupName("/ecs/sentiment-app").logStreamName("ecs/model/task-1").logEvents(
                    InputLogEvent.builder().timestamp(now - 3000).message("INFO loading model").build(),
                    InputLogEvent.builder().timestamp(now - 2000).message("WARNING slow start: 40 s").build(),
                    InputLogEvent.builder().timestamp(now - 1000).message("ERROR model not found at MODEL_URI")
                            .build()));
        }
    }

    private void shoot(FxRobot robot, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.write(stage.getScene(), name));
    }
}
