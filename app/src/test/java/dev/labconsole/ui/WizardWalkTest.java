package dev.labconsole.ui;

import static dev.labconsole.ui.WindowFixture.await;
import static dev.labconsole.ui.WindowFixture.mark;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.Phase;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.connect.ConnectViewModel;
import dev.labconsole.ui.diagram.DiagramModel;
import dev.labconsole.ui.shell.MainWindow;
import dev.labconsole.ui.shell.Page;
import dev.labconsole.ui.shell.WizardModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window as a wizard, walked as a newcomer would in practice mode: only the sidebar's marks, Next and
 * Create, page after page, then Destroy, after which every page is "to do" again with no stale tick. On the
 * way: Create out of order asks first, and Stop ends a long wait (the NAT gateway held pending by a proxy in
 * front of the emulator) while a second run is refused, leaving a state that Create resumes.
 */
@ExtendWith({ApplicationExtension.class, MotoExtension.class})
class WizardWalkTest {

    @TempDir
    static Path stateHome;

    private WindowFixture fixture;
    private LabSession session;
    private ConnectViewModel connect;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        fixture = WindowFixture.open(stage, stateHome, "wizard test image", uri -> { });
        session = fixture.session;
        connect = fixture.connect;
        window = fixture.window;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aNewcomerFollowsTheWizardAloneThenDestroyLeavesEveryPageToDo(FxRobot robot, MotoServer moto)
            throws Exception {
        moto.reset();
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.asIs())) {
            robot.clickOn("#practice");
            robot.interact(() -> connect.emulatorUrlProperty().set(proxy.endpoint().toString()));
            for (Page page : Page.values()) {
                if (page.number() > 0) {
                    assertThat(mark(robot, page)).as(page + " before connecting").isEqualTo(WizardModel.Mark.TO_DO);
                }
            }
            robot.clickOn("#connect");
            await(() -> session.connectedProperty().get());
            assertThat(mark(robot, Page.CONNECT)).isEqualTo(WizardModel.Mark.DONE);
            Button next = robot.lookup("#next").queryAs(Button.class);
            assertThat(next.getText()).isEqualTo("Next: Storage");

            // Out of order: Create on Load balancer asks before building the network it needs, and No builds nothing.
            robot.clickOn("#nav-LOAD_BALANCER");
            assertThat(robot.lookup("#prerequisites").queryAs(Label.class).getText())
                    .startsWith("Needs first: Network (VPC, Subnets");
            robot.clickOn("#create");
            VBox confirm = robot.lookup("#confirmBox").queryAs(VBox.class);
            assertThat(confirm.isVisible()).isTrue();
            assertThat(robot.lookup("#confirmQuestion").queryAs(Label.class).getText())
                    .contains("Security groups").contains("per hour").endsWith("Build them all now?");
            robot.clickOn("#cancelCreate");
            assertThat(confirm.isVisible()).isFalse();
            assertThat(session.runInProgressProperty().get()).isFalse();
            assertThat(session.snapshotProperty().get().ids()).doesNotContainKey(ResourceKey.VPC);
            robot.clickOn("#nav-CONNECT");

            // Forward with Next and Create only, reading the sidebar's marks.
            robot.clickOn(next);
            for (Page page : List.of(Page.STORAGE, Page.REGISTRY, Page.NETWORK, Page.LOAD_BALANCER, Page.CONTAINERS)) {
                assertThat(window.pageProperty().get()).isEqualTo(page);
                assertThat(mark(robot, page)).as(page + " before Create").isEqualTo(WizardModel.Mark.TO_DO);
                assertThat(robot.lookup("#prerequisites").queryAs(Label.class).getText())
                        .as(page + ": in order, nothing is missing").isEmpty();
                Button create = robot.lookup("#create").queryAs(Button.class);
                if (page == Page.NETWORK) {
                    assertThat(create.getText()).as("the NAT gateway bills by the hour").startsWith("Create (adds $");
                    stopALongWaitThenResume(robot, proxy, create);
                } else {
                    robot.clickOn(create);
                }
                await(() -> mark(robot, page) == WizardModel.Mark.DONE);
                await(() -> !session.runInProgressProperty().get());
                String following = page.next().orElseThrow().title();
                assertThat(next.getText()).isEqualTo("Next: " + following);
                shoot(robot, "wizard-" + name(page) + "-done");
                robot.clickOn(next);
            }
            // Test and Logs read what the containers step built; Clean up follows. The Test step is done only when
            // the endpoint answers, which nothing does in the emulator: it stays to do, and its note says why.
            assertThat(window.pageProperty().get()).isEqualTo(Page.TEST);
            assertThat(mark(robot, Page.TEST)).isEqualTo(WizardModel.Mark.TO_DO);
            assertThat(robot.lookup("#endpointNote").queryAs(Label.class).getText()).contains("runs no containers")
                    .contains("this step stays to do");
            robot.interact(() -> robot.lookup("#health").queryButton().fire());
            await(() -> robot.lookup("#healthResult").queryAs(javafx.scene.control.TextArea.class).getText()
                    .startsWith("No answer"));
            assertThat(mark(robot, Page.TEST)).as("no answer in practice mode: still to do").isEqualTo(
                    WizardModel.Mark.TO_DO);
            assertThat(next.getText()).isEqualTo("Skip to: Logs");
            robot.clickOn(next);
            assertThat(mark(robot, Page.LOGS)).isEqualTo(WizardModel.Mark.DONE);
            robot.clickOn(next);
            assertThat(window.pageProperty().get()).isEqualTo(Page.CLEANUP);
            assertThat(mark(robot, Page.CLEANUP)).isEqualTo(WizardModel.Mark.TO_DO);
            assertThat(next.isVisible()).as("the last step has no next").isFalse();

            // A check leaves green ticks on Network: Destroy must take them away.
            robot.clickOn("#nav-NETWORK");
            robot.clickOn("#check");
            await(() -> !robot.lookup("#requirements").queryListView().getItems().isEmpty());
            assertThat(robot.lookup("#sectionStatus").queryAs(Label.class).getText()).startsWith("All ");
            screenshots(robot, "wizard-built");
            costBreakdownOpensOnAClick(robot, moto);
            autoscalingShowsOnTheDiagram(robot);

            robot.clickOn("#nav-CLEANUP");
            robot.clickOn("#confirmLab").write("sentiment-app");
            robot.clickOn("#destroy");
            await(() -> robot.lookup("#cleanupStatus").queryAs(Label.class).getText().endsWith("left"));
            assertThat(robot.lookup("#cleanupStatus").queryAs(Label.class).getText()).isEqualTo("0 resources left");
            await(() -> mark(robot, Page.CLEANUP) == WizardModel.Mark.DONE);

            for (Page page : Page.values()) {
                if (page.number() > 1 && page != Page.CLEANUP) {
                    assertThat(mark(robot, page)).as(page + " after Destroy").isEqualTo(WizardModel.Mark.TO_DO);
                }
                if (page.section() != null) {
                    robot.clickOn("#nav-" + page.name());
                    assertThat(robot.lookup("#requirements").queryListView().getItems()).as(page + " stale ticks")
                            .isEmpty();
                    assertThat(robot.lookup("#sectionStatus").queryAs(Label.class).getText())
                            .as(page + " status").doesNotContain("requirements met").doesNotContain("everything done");
                    for (Object row : robot.lookup("#stepRows").queryListView().getItems()) {
                        assertThat(((dev.labconsole.ui.section.StepRow) row).statusProperty().get())
                                .as(page + " " + row).isEqualTo(StepStatus.PENDING);
                    }
                }
            }
            screenshots(robot, "wizard-destroyed");
            robot.clickOn("#nav-CONTAINERS");
            assertThat(tasksOnTheDiagram(robot)).as("the lab destroyed, its autoscaling with it")
                    .doesNotContain("target tracking");
        }
    }

    /**
     * A click on the header's cost opens its breakdown: one row per resource that bills by the hour in the
     * engine's inventory, each at the price the lab's price list gives its kind (the service's at the tasks the
     * emulator says run).
     */
    private void costBreakdownOpensOnAClick(FxRobot robot, MotoServer moto) throws Exception {
        List<dev.labconsole.lab.LabResource> billed = session.withEngine(LabEngine::inventory).stream()
                .filter(r -> r.hourlyUsd() > 0).toList();
        assertThat(billed).extracting(dev.labconsole.lab.LabResource::kind).as("what bills once the lab is built")
                .contains("NAT gateway", "Elastic IP", "load balancer");
        dev.labconsole.lab.LabConfig config = session.form().build();
        int running;
        try (dev.labconsole.aws.AwsClients direct = dev.labconsole.aws.AwsClients.create(
                new dev.labconsole.aws.AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            String service = session.snapshotProperty().get().ids().get(ResourceKey.SERVICE);
            String cluster = session.snapshotProperty().get().ids().get(ResourceKey.CLUSTER);
            running = direct.ecs().describeServices(r -> r.cluster(cluster).services(service)).services().get(0)
                    .runningCount();
        }
        List<String> expected = new java.util.ArrayList<>();
        double total = 0;
        for (dev.labconsole.lab.LabResource r : billed) {
            double price = switch (r.kind()) {
                case "NAT gateway" -> dev.labconsole.lab.Pricing.NAT_GATEWAY;
                case "Elastic IP" -> dev.labconsole.lab.Pricing.PUBLIC_IPV4;
                case "load balancer" -> dev.labconsole.lab.Pricing.LOAD_BALANCER
                        + 2 * dev.labconsole.lab.Pricing.PUBLIC_IPV4;
                case "ECS service" -> running * dev.labconsole.lab.Pricing.fargateTask(config.cpu(),
                        config.memoryMiB());
                default -> throw new AssertionError("a billed resource with no price in the list: " + r);
            };
            total += price;
            expected.add(String.format(Locale.ROOT, "%s %s: $%.4f/h, $", r.kind(), r.name() == null ? r.id()
                    : r.name(), price));
        }
        robot.interact(session::refreshCost);
        double hourly = total;
        Label cost = robot.lookup("#headerCost").queryAs(Label.class);
        await(() -> cost.getText().startsWith(String.format(Locale.ROOT, "$%.3f per hour", hourly)));
        javafx.scene.control.Tooltip breakdown = cost.getTooltip();
        assertThat(breakdown.isShowing()).isFalse();

        robot.clickOn(cost);
        await(breakdown::isShowing);
        List<String> rows = List.of(breakdown.getText().split("\n"));
        assertThat(rows.get(0)).isEqualTo("Per resource (per hour, so far):");
        List<String> resourceRows = rows.stream().filter(r -> r.contains("/h, $")).toList();
        assertThat(resourceRows).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(resourceRows.get(i)).startsWith(expected.get(i)).matches(".*/h, \\$\\d+\\.\\d{2}");
        }
        assertThat(rows.get(rows.size() - 1)).contains("the emulator bills nothing");
        robot.interact(breakdown::hide);
    }

    /**
     * Autoscaling set up on the Scale page shows on the diagram's tasks, with the cost at the most tasks in the
     * tooltip (computed from the lab's prices); removing it clears it; it is set up again for Destroy to remove.
     */
    private void autoscalingShowsOnTheDiagram(FxRobot robot) throws Exception {
        robot.clickOn("#nav-CONTAINERS");
        assertThat(tasksOnTheDiagram(robot)).doesNotContain("target tracking");
        setUpScaling(robot);
        robot.clickOn("#nav-CONTAINERS");
        await(() -> tasksOnTheDiagram(robot).equals("tasks: 1-10, target tracking on requests per target"));
        dev.labconsole.lab.LabConfig config = session.form().build();
        double atMost = 10 * dev.labconsole.lab.Pricing.fargateTask(config.cpu(), config.memoryMiB());
        assertThat(diagramTooltip(robot, DiagramModel.Element.TASKS)).contains(String.format(Locale.ROOT,
                "at 10 tasks the service costs at most $%.3f/h", atMost));
        shoot(robot, "wizard-containers-autoscaling");

        robot.clickOn("#nav-SCALE");
        robot.clickOn("#removeScaling");
        await(() -> robot.lookup("#scalingStatus").queryAs(Label.class).getText().startsWith("Autoscaling removed"));
        robot.clickOn("#nav-CONTAINERS");
        await(() -> !tasksOnTheDiagram(robot).contains("target tracking"));
        setUpScaling(robot);
    }

    private void setUpScaling(FxRobot robot) throws Exception {
        robot.clickOn("#nav-SCALE");
        Label status = robot.lookup("#scalingStatus").queryAs(Label.class);
        await(() -> !status.getText().isEmpty() && !status.getText().endsWith("..."));
        robot.interact(() -> {
            robot.lookup("#scaleMin").queryAs(javafx.scene.control.TextField.class).setText("1");
            robot.lookup("#scaleMax").queryAs(javafx.scene.control.TextField.class).setText("10");
            robot.lookup("#scaleMetric").queryAs(javafx.scene.control.ComboBox.class).setValue("requests");
            robot.lookup("#scaleTarget").queryAs(javafx.scene.control.TextField.class).setText("500");
        });
        robot.clickOn("#applyScaling");
        await(() -> status.getText().startsWith("Autoscaling: 1 to 10"));
    }

    private static String tasksOnTheDiagram(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#networkDiagram")
                .queryAs(dev.labconsole.ui.diagram.NetworkDiagram.class).text(DiagramModel.Element.TASKS))
                .get(10, TimeUnit.SECONDS);
    }

    private static String diagramTooltip(FxRobot robot, DiagramModel.Element element) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#networkDiagram")
                .queryAs(dev.labconsole.ui.diagram.NetworkDiagram.class).tooltip(element))
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * Create on Network with the NAT gateway held pending: the run waits; meanwhile Create elsewhere is off
     * and a second run is refused; Stop ends it at once and says what it leaves; Create again resumes.
     */
    private void stopALongWaitThenResume(FxRobot robot, AwsLikeProxy proxy, Button create) throws Exception {
        proxy.hold("DescribeNatGateways", "<state>available</state>", "<state>pending</state>");
        robot.clickOn(create);
        await(() -> natRow(robot).contains("waiting for the NAT gateway"));
        assertThat(mark(robot, Page.NETWORK)).isEqualTo(WizardModel.Mark.RUNNING);
        Button stop = robot.lookup("#stopRun").queryAs(Button.class);
        assertThat(stop.isVisible()).isTrue();
        assertThat(robot.lookup("#runStatus").queryAs(Label.class).getText()).contains("Stopping keeps what is built");
        assertThat(create.isDisabled()).as("one run at a time").isTrue();
        boolean[] second = new boolean[1];
        robot.interact(() -> second[0] = session.start(Phase.DESTROY, Set.of(), false, r -> { }, e -> { }));
        assertThat(second[0]).as("a second run is refused while one runs").isFalse();
        String gateway = session.currentEngine().state().get(ResourceKey.NAT_GATEWAY).orElseThrow();

        robot.clickOn(stop);
        // The wait's timeout is minutes away: the run ends within a slice of the Stop.
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !session.runInProgressProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(mark(robot, Page.NETWORK)).isEqualTo(WizardModel.Mark.ATTENTION);
        assertThat(natRow(robot)).contains("stopped").contains("Create carries on");
        shoot(robot, "wizard-network-stopped");

        proxy.release();
        robot.clickOn(create);
        await(() -> !session.runInProgressProperty().get() && mark(robot, Page.NETWORK) != WizardModel.Mark.RUNNING);
        assertThat(session.currentEngine().state().get(ResourceKey.NAT_GATEWAY)).as("resumed, not rebuilt")
                .contains(gateway);
    }

    /**
     * Every page at 1280x720 and at 1920x1080. The headless screen is smaller than the larger size, so the
     * window's content is laid out in a scene of that size off screen, pictured, and put back.
     */
    private void screenshots(FxRobot robot, String prefix) {
        Page shown = window.pageProperty().get();
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            for (Page page : Page.values()) {
                robot.interact(() -> {
                    window.show(page);
                    Scene original = stage.getScene();
                    javafx.scene.Parent content = original.getRoot();
                    original.setRoot(new Pane());
                    Scene sized = new Scene(content, size[0], size[1]);
                    sized.getStylesheets().setAll(original.getStylesheets());
                    try {
                        Screenshots.write(sized, prefix + "-" + size[0] + "x" + size[1] + "-"
                                + String.format(Locale.ROOT, "%02d", page.ordinal() + 1) + "-" + name(page));
                    } finally {
                        sized.setRoot(new Pane());
                        original.setRoot(content);
                    }
                });
            }
        }
        robot.interact(() -> window.show(shown));
    }

    /** The NAT gateway's row on the Network page (read from the list's items: the cell may be scrolled away). */
    private static String natRow(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#stepRows").queryListView().getItems().stream()
                .map(row -> (dev.labconsole.ui.section.StepRow) row)
                .filter(row -> row.step() == dev.labconsole.lab.StepId.NAT_GATEWAY)
                .map(row -> row.step().title() + ": " + row.detailProperty().get()).findFirst().orElse(""))
                .get(10, TimeUnit.SECONDS);
    }

    private static String name(Page page) {
        return page.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void shoot(FxRobot robot, String name) {
        fixture.shoot(robot, name);
    }
}
