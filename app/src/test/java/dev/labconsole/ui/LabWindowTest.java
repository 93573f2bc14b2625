package dev.labconsole.ui;

import static dev.labconsole.ui.WindowFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.LogLine;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Section;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.connect.ConnectViewModel;
import dev.labconsole.ui.connect.LocalRegistry;
import dev.labconsole.ui.diagram.DiagramModel;
import dev.labconsole.ui.predict.PredictViewModel;
import dev.labconsole.ui.shell.MainWindow;
import dev.labconsole.ui.shell.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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

    private WindowFixture fixture;
    private LabSession session;
    private ConnectViewModel connect;
    private PredictViewModel predict;
    private MainWindow window;
    private LocalRegistry registry;
    private final List<java.net.URI> openedInBrowser = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        // Practice mode with a real local registry; the images pushed are small ones Jib really builds (the
        // server image's build is the image package's test).
        fixture = WindowFixture.open(stage, stateHome, "window test image", openedInBrowser::add);
        session = fixture.session;
        connect = fixture.connect;
        predict = fixture.predict;
        window = fixture.window;
        registry = fixture.registry;
        // As in the application: the bundled model loads by itself at start.
        predict.loadModel();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aStudentFollowsTheWholeLabInPracticeModeAndCleansUpToZero(FxRobot robot, MotoServer moto)
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(registry != null,
                "Debian's docker-registry is not installed here (.ci/run installs it): skipped");
        moto.reset();
        shoot(robot, "connect-empty");

        robot.clickOn("#practice");
        robot.interact(() -> connect.emulatorUrlProperty().set(moto.endpoint().toString()));
        robot.clickOn("#connect");
        await(() -> session.connectedProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#account").queryAs(Label.class).getText()).matches("\\d{12}");
        assertThat(robot.lookup("#identityArn").queryAs(Label.class).getText()).startsWith("arn:aws:");
        assertThat(robot.lookup("#headerAccount").queryAs(Label.class).getText()).contains("practice mode");

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        assertThat(window.pageProperty().get()).as("Ctrl+4 opens the fourth page").isEqualTo(Page.NETWORK);
        Rectangle vpc = robot.lookup("#diagram-VPC").queryAs(Rectangle.class);
        assertThat(vpc.getStrokeDashArray()).as("nothing created yet: dashed").isNotEmpty();
        robot.interact(() -> session.form().fields(Section.NETWORK).get(0).value().set("10.0.0.0/33"));
        assertThat(robot.lookup("#create").queryAs(Button.class).isDisabled()).as("an invalid CIDR disables Create")
                .isTrue();
        assertThat(robot.lookup("#createProblem").queryAs(Label.class).getText()).contains("10.0.0.0/33");
        robot.interact(() -> session.form().fields(Section.NETWORK).get(0).value().set("10.0.0.0/16"));

        // Section by section, in the sidebar's order, as the lab's instructions go.
        createAndCheck(robot, Page.STORAGE);
        assertThat(session.snapshotProperty().get().ids()).containsKeys(ResourceKey.BUCKET, ResourceKey.MODEL_URI);
        createAndCheck(robot, Page.REGISTRY);
        String pushed = session.snapshotProperty().get().ids().get(ResourceKey.IMAGE);
        assertThat(pushed).as("Create pushed the image").matches(".*/sentiment-app@sha256:[0-9a-f]{64}");
        assertThat(robot.lookup("#repositoryAddress").queryAs(Label.class).getText())
                .endsWith(".dkr.ecr.us-east-1.amazonaws.com/sentiment-app");
        Label imageStatus = robot.lookup("#imageStatus").queryAs(Label.class);
        assertThat(imageStatus.getText()).as("the panel follows Create's image step")
                .startsWith("pushed " + registry.hostPort() + "/sentiment-app:latest");
        robot.clickOn("#pushImage");
        await(() -> imageStatus.getText().startsWith("Pushed ") || imageStatus.getText().startsWith("Could not"));
        assertThat(imageStatus.getText()).startsWith("Pushed " + registry.hostPort() + "/sentiment-app:latest (sha256:");
        assertThat(robot.lookup("#imageLayers").queryListView().getItems()).as("a line per layer").isNotEmpty();
        assertThat(robot.lookup("#imageReference").queryAs(Label.class).getText()).isEqualTo("Image: " + pushed);
        shoot(robot, "registry-pushed");
        createAndCheck(robot, Page.NETWORK);
        assertThat(robot.lookup("#row-VPC").queryAs(ListCell.class).getText()).startsWith("VPC: done in");
        shoot(robot, "network-checked");
        assertDiagram(robot, DiagramModel.Element.VPC, DiagramModel.Element.PRIVATE_SUBNET_2,
                DiagramModel.Element.NAT_GATEWAY);
        assertThat(robot.lookup("#diagram-" + DiagramModel.Element.LOAD_BALANCER.name()).queryAs(Rectangle.class)
                .getStrokeDashArray()).as("the load balancer is still to come").isNotEmpty();
        createAndCheck(robot, Page.LOAD_BALANCER);
        createAndCheck(robot, Page.CONTAINERS);
        try (AwsClients direct = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()),
                MotoServer.CREDENTIALS)) {
            assertThat(direct.ecs().describeTaskDefinition(r -> r.taskDefinition("sentiment-app")).taskDefinition()
                    .containerDefinitions().get(0).image()).as("the task definition names the pushed image by digest")
                    .isEqualTo(pushed);
        }
        // The image the task definition names by the local registry's digest is found (the emulator files the
        // mirrored manifest under a digest of its own).
        checkAgain(robot, Page.REGISTRY);
        robot.clickOn("#nav-" + Page.CONTAINERS.name());
        assertDiagram(robot, DiagramModel.Element.values());
        assertThat(robot.lookup("#headerCost").queryAs(Label.class).getText())
                .as("NAT gateway and load balancer bill by the hour").doesNotStartWith("$0.000 per hour");
        shoot(robot, "containers-created");

        robot.clickOn("#nav-TEST");
        assertThat(robot.lookup("#endpointAddress").queryAs(Label.class).getText()).contains("elb.amazonaws.com");
        assertThat(robot.lookup("#endpointNote").queryAs(Label.class).getText()).contains("runs no containers");
        assertThat(robot.lookup("#openDocs").queryAs(Button.class).isDisabled())
                .as("an emulator's load balancer has no address a browser can reach").isTrue();
        robot.clickOn("#readTargets");
        await(() -> robot.lookup("#targetsStatus").queryAs(Label.class).getText().startsWith("No targets"));
        assertThat(robot.lookup("#targetsStatus").queryAs(Label.class).getText()).contains("emulator runs no tasks");
        // Below the endpoint's answers, scrolled out of sight at this window size: fired rather than clicked.
        robot.interact(() -> robot.lookup("#diagnoseService").queryButton().fire());
        Label serviceHealth = robot.lookup("#serviceHealthStatus").queryAs(Label.class);
        await(() -> !serviceHealth.getText().isEmpty() && !serviceHealth.getText().startsWith("Asking"));
        // Whether or not the service has tasks yet (that depends on an image), the emulator runs none that can fail.
        assertThat(serviceHealth.getText()).matches("(The service asks for no tasks: it waits for the image|"
                + "\\d+ of \\d+ tasks running.*Practice mode: the emulator runs no containers).*");
        assertThat(robot.lookup("#serviceFindings").queryListView().getItems()).isEmpty();
        // The service's panel above scrolled the page down; the wizard's footer takes part of the height too.
        robot.interact(() -> robot.lookup("#health").queryButton().fire());
        await(() -> robot.lookup("#healthResult").queryAs(TextArea.class).getText().startsWith("No answer"));
        assertThat(openedInBrowser).isEmpty();
        shoot(robot, "test-practice");

        writeServiceLogs(moto);
        robot.clickOn("#nav-LOGS");
        robot.clickOn("#followLogs");
        ListView<?> logLines = robot.lookup("#logLines").queryListView();
        await(() -> logLines.getItems().size() == 3);
        // The size is read off the FX thread, which sets the status right after adding the lines.
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#logStatus").queryAs(Label.class).getText()).contains("3 lines");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".log-line").queryAllAs(ListCell.class)).as("coloured by level")
                .anySatisfy(cell -> {
                    assertThat(cell.getText()).contains("ERROR model not found");
                    assertThat(cell.getPseudoClassStates()).extracting(Object::toString).contains("error");
                })
                .anySatisfy(cell -> {
                    assertThat(cell.getText()).contains("WARNING slow start");
                    assertThat(cell.getPseudoClassStates()).extracting(Object::toString).contains("warn");
                });
        robot.clickOn("#logFilter").write("ERROR");
        assertThat(logLines.getItems()).hasSize(1);
        assertThat(((LogLine) logLines.getItems().get(0)).message()).isEqualTo("ERROR model not found at MODEL_URI");
        robot.interact(() -> robot.lookup("#logFilter").queryAs(TextField.class).clear());
        shoot(robot, "logs-following");

        predictATextAndAFile(robot);

        robot.clickOn("#nav-CLEANUP");
        await(() -> robot.lookup("#inventory").queryListView().getItems().size() >= 20);
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
        assertThat(report).contains(session.snapshotProperty().get().ids().get(ResourceKey.VPC),
                session.snapshotProperty().get().ids().get(ResourceKey.LOAD_BALANCER_DNS),
                "aws ec2 create-vpc", "aws ecs create-service", "the emulator runs no tasks",
                "<img src=\"screenshots/");
        assertThat(Files.readString(reportFolder.resolve("report.md"))).contains("![screenshots/");
        try (var pngs = Files.list(reportFolder.resolve("screenshots"))) {
            assertThat(pngs.filter(png -> png.toString().endsWith(".png")).count()).isEqualTo(Page.values().length);
        }
        robot.clickOn(destroy);
        await(() -> robot.lookup("#cleanupStatus").queryAs(Label.class).getText().endsWith("left"));
        assertThat(robot.lookup("#cleanupStatus").queryAs(Label.class).getText()).isEqualTo("0 resources left");
        await(() -> robot.lookup("#inventory").queryListView().getItems().isEmpty());
        WaitForAsyncUtils.waitForFxEvents(); // the cost is set right after the inventory, on the FX thread
        assertThat(robot.lookup("#headerCost").queryAs(Label.class).getText()).startsWith("$0.000 per hour");
        shoot(robot, "cleanup-after");
        robot.clickOn("#nav-NETWORK");
        assertThat(vpc.getStrokeDashArray()).as("torn down: dashed again").isNotEmpty();

        for (Page page : Page.values()) {
            robot.interact(() -> window.show(page));
            shoot(robot, "page-" + page.ordinal() + "-" + page.name().toLowerCase(java.util.Locale.ROOT));
        }
        robot.interact(() -> window.darkProperty().set(true));
        robot.interact(() -> window.show(Page.NETWORK));
        shoot(robot, "page-network-dark");
        robot.interact(() -> window.darkProperty().set(false));
        try (var shots = Files.list(Path.of(System.getProperty("labconsole.screenshots", "target/screenshots")))) {
            assertThat(shots.filter(p -> p.getFileName().toString().startsWith("page-")).count())
                    .isGreaterThanOrEqualTo(Page.values().length);
        }
    }

    /** Opens {@code page}, clicks Create, waits for every step, then Check, and expects every requirement met. */
    private void createAndCheck(FxRobot robot, Page page) throws TimeoutException {
        robot.clickOn("#nav-" + page.name());
        Button create = robot.lookup("#create").queryAs(Button.class);
        Label status = robot.lookup("#sectionStatus").queryAs(Label.class);
        assertThat(create.isDisabled()).as(page + ": Create enabled with the defaults").isFalse();
        robot.clickOn(create);
        await(() -> !create.isDisabled() && !status.getText().endsWith("..."));
        assertThat(status.getText()).as(page + " created").isEqualTo(page.title() + ": everything done");
        for (Object row : robot.lookup("#stepRows").queryListView().getItems()) {
            assertThat(row.toString()).as(page + " step row").doesNotContain("failed");
        }
        robot.clickOn("#check");
        await(() -> !create.isDisabled() && !status.getText().endsWith("..."));
        List<?> requirements = robot.lookup("#requirements").queryListView().getItems();
        assertThat(requirements).as(page + " requirements").isNotEmpty()
                .allSatisfy(r -> assertThat(((Requirement) r).met()).as(r.toString()).isTrue());
        assertThat(status.getText()).isEqualTo("All " + requirements.size() + " requirements met");
        assertThat(requirements).noneMatch(r -> ((Requirement) r).isAdvice());
        List<?> advice = robot.lookup("#advice").queryListView().getItems();
        assertThat(advice).allSatisfy(r -> assertThat(((Requirement) r).isAdvice()).isTrue());
        if (page == Page.NETWORK) {
            // Lab Console builds beyond the lab too: DNS host names, public IPs on launch in the public subnets.
            assertThat(advice).as("network advice").isNotEmpty()
                    .allSatisfy(r -> assertThat(((Requirement) r).met()).as(r.toString()).isTrue());
        }
    }

    /** Opens {@code page}, clicks Check only, and expects every requirement met. */
    private void checkAgain(FxRobot robot, Page page) throws TimeoutException {
        robot.clickOn("#nav-" + page.name());
        Button check = robot.lookup("#check").queryAs(Button.class);
        Label status = robot.lookup("#sectionStatus").queryAs(Label.class);
        robot.clickOn(check);
        await(() -> !check.isDisabled() && !status.getText().endsWith("..."));
        List<?> requirements = robot.lookup("#requirements").queryListView().getItems();
        assertThat(requirements).as(page + " requirements").isNotEmpty()
                .allSatisfy(r -> assertThat(((Requirement) r).met()).as(r.toString()).isTrue());
    }

    /** Each element is drawn solid: it exists. */
    private static void assertDiagram(FxRobot robot, DiagramModel.Element... elements) {
        WaitForAsyncUtils.waitForFxEvents();
        for (DiagramModel.Element element : elements) {
            Rectangle shape = robot.lookup("#diagram-" + element.name()).queryAs(Rectangle.class);
            assertThat(shape.getProperties().get("look")).as(element.label()).isEqualTo(DiagramModel.Look.EXISTS);
            assertThat(shape.getStrokeDashArray()).as(element.label() + " solid").isEmpty();
        }
    }

    /** The Predict page in the same window: the bundled model, one typed text, then a file. */
    private void predictATextAndAFile(FxRobot robot) throws Exception {
        robot.clickOn("#nav-PREDICT");
        await(() -> predict.modelStateProperty().get() == PredictViewModel.ModelState.READY);
        // The model the Storage section put in S3, read back through the window's (practice) connection.
        String uploaded = session.snapshotProperty().get().ids().get(ResourceKey.MODEL_URI);
        assertThat(uploaded).startsWith("s3://");
        robot.interact(() -> {
            predict.modelSourceProperty().set(uploaded);
            predict.loadModel();
        });
        await(() -> predict.modelStateProperty().get() == PredictViewModel.ModelState.READY);
        assertThat(predict.errorProperty().get()).isNull();
        robot.clickOn("#text").write("a gripping , beautifully acted film");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        await(() -> predict.lastPredictionProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#resultLabel").queryAs(Label.class).getText()).startsWith("positive");
        assertThat(robot.lookup("#resultLatency").queryAs(Label.class).getText()).endsWith(" ms");

        Path input = Files.writeString(stateHome.resolve("reviews.txt"),
                "warm , funny and wise\na dull , lifeless mess\nthe best film of the year\n");
        Path output = stateHome.resolve("reviews.csv");
        // The file chooser is the platform's own dialog; the test hands the page the files it would return.
        robot.interact(() -> predict.predictFile(input, output));
        await(() -> !predict.batchRunningProperty().get()
                && robot.lookup("#fileStatus").queryAs(Label.class).getText().startsWith("Classified"));
        assertThat(robot.lookup("#fileStatus").queryAs(Label.class).getText()).startsWith("Classified 3 texts");
        List<String> rows = Files.readAllLines(output);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(2)).contains(",negative,");
        shoot(robot, "predict-in-window");
    }

    /** What the service's tasks would write, put straight into the lab's log group in the emulator. */
    private static void writeServiceLogs(MotoServer moto) {
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()),
                MotoServer.CREDENTIALS)) {
            CloudWatchLogsClient logs = aws.logs();
            // The log group is the lab's own (the Containers section created it); the stream is the task's.
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
        fixture.shoot(robot, name);
    }
}
