package dev.labconsole.ui;

import static dev.labconsole.ui.WindowFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.HandBuiltLab;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.diagram.DiagramModel.Element;
import dev.labconsole.ui.diagram.NetworkDiagram;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
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

/**
 * A lab a student built by hand, checked in the window: the diagram shows the student's own blocks, zones,
 * names and security group rules, not the settings' defaults.
 */
@ExtendWith({ApplicationExtension.class, MotoExtension.class})
class HandBuiltLabWindowTest {

    @TempDir
    static Path stateHome;

    private WindowFixture fixture;

    @Start
    void start(Stage stage) {
        fixture = WindowFixture.open(stage, stateHome, "hand-built test image", uri -> { });
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void afterCheckTheDiagramShowsTheStudentsOwnBlocksNamesAndRules(FxRobot robot, MotoServer moto) throws Exception {
        // Check finds the lab by what it is: other test classes' labs in the account would be candidates too.
        moto.reset();
        HandBuiltLab.Built built;
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()),
                MotoServer.CREDENTIALS)) {
            built = HandBuiltLab.build(aws, HandBuiltLab.Style.OWN_CIDRS, HandBuiltLab.Mistake.TASK_PORT_OPEN_TO_WORLD);
        }
        robot.clickOn("#practice");
        robot.interact(() -> fixture.connect.emulatorUrlProperty().set(moto.endpoint().toString()));
        robot.clickOn("#connect");
        await(() -> fixture.session.connectedProperty().get());
        robot.clickOn("#nav-NETWORK");
        assertThat(text(robot, Element.PUBLIC_SUBNET_1)).as("the settings' block before a check")
                .isEqualTo("public 10.0.1.0/24");

        Button check = robot.lookup("#check").queryAs(Button.class);
        Label status = robot.lookup("#sectionStatus").queryAs(Label.class);
        robot.clickOn(check);
        await(() -> !check.isDisabled() && !status.getText().endsWith("..."));
        assertThat(status.getText()).as("the open task port is a requirement not met").contains("not met");

        assertThat(text(robot, Element.VPC)).isEqualTo("VPC 172.31.0.0/16");
        assertThat(text(robot, Element.PUBLIC_SUBNET_1)).startsWith("public 172.31.0.0/20\nus-east-1");
        assertThat(text(robot, Element.PUBLIC_SUBNET_2)).startsWith("public 172.31.16.0/20\nus-east-1");
        assertThat(text(robot, Element.PRIVATE_SUBNET_1)).startsWith("private 172.31.64.0/20\nus-east-1");
        assertThat(text(robot, Element.PRIVATE_SUBNET_2)).startsWith("private 172.31.80.0/20\nus-east-1");
        assertThat(tooltip(robot, Element.PRIVATE_SUBNET_2))
                .contains("private-subnet-2 (" + built.privateSubnets().get(1) + ")");
        assertThat(tooltip(robot, Element.VPC)).contains("sentiment-app-vpc (" + built.vpcId() + ")");
        assertThat(text(robot, Element.NAT_GATEWAY)).matches("NAT \\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(tooltip(robot, Element.NAT_GATEWAY)).contains(built.natId())
                .contains("in subnet public-subnet-1 (" + built.publicSubnets().get(0) + ")").contains("public IP ");
        assertThat(text(robot, Element.ALB_SECURITY_GROUP))
                .isEqualTo("load balancer's group: lets in TCP 80 from 0.0.0.0/0");
        assertThat(tooltip(robot, Element.ALB_SECURITY_GROUP))
                .contains("alb-security-group (" + built.albGroupId() + ")").doesNotContain("warning");
        assertThat(text(robot, Element.TASK_SECURITY_GROUP)).isEqualTo("\u26a0 tasks' group: lets in TCP 8000 from"
                + " 0.0.0.0/0");
        assertThat(tooltip(robot, Element.TASK_SECURITY_GROUP)).contains(built.taskGroupId())
                .contains("lets in TCP 8000 from the load balancer's group")
                .contains("warning: lets in TCP 8000 from 0.0.0.0/0");
        fixture.shoot(robot, "network-hand-built-checked");

        // Forgetting the check (as Destroy does) returns the diagram to the settings.
        robot.interact(() -> fixture.session.found(null));
        assertThat(text(robot, Element.VPC)).isEqualTo("VPC 10.0.0.0/16");
    }

    private static String text(FxRobot robot, Element element) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#networkDiagram").queryAs(NetworkDiagram.class)
                .text(element)).get(10, TimeUnit.SECONDS);
    }

    private static String tooltip(FxRobot robot, Element element) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#networkDiagram").queryAs(NetworkDiagram.class)
                .tooltip(element)).get(10, TimeUnit.SECONDS);
    }
}
