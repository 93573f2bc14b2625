package dev.labconsole.ui;

import static dev.labconsole.ui.WindowFixture.await;
import static dev.labconsole.ui.WindowFixture.mark;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.section.StepRow;
import dev.labconsole.ui.shell.Page;
import dev.labconsole.ui.shell.WizardModel;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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
 * Issue 11's "after a change of connection, every page shows the truth": Storage built and checked in one
 * region, then the student connects to another region, where nothing of the lab exists. No tick, address or
 * "done" of the first region may stay on screen.
 */
@ExtendWith({ApplicationExtension.class, MotoExtension.class})
class ConnectionChangeWindowTest {

    @TempDir
    static Path stateHome;

    private WindowFixture fixture;

    @Start
    void start(Stage stage) {
        fixture = WindowFixture.open(stage, stateHome, "connection change test image", uri -> { });
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void connect(FxRobot robot, String region) throws Exception {
        robot.clickOn("#nav-CONNECT");
        robot.interact(() -> robot.lookup("#region").queryAs(TextField.class).setText(region));
        robot.clickOn("#connect");
        await(() -> fixture.session.connectedProperty().get() && region.equals(fixture.session.regionProperty().get()));
    }

    @Test
    void anotherRegionClearsEveryTickAddressAndMarkOfTheFirst(FxRobot robot, MotoServer moto) throws Exception {
        moto.reset();
        robot.clickOn("#practice");
        robot.interact(() -> fixture.connect.emulatorUrlProperty().set(moto.endpoint().toString()));
        connect(robot, "us-east-1");

        robot.clickOn("#nav-STORAGE");
        robot.clickOn("#create");
        await(() -> mark(robot, Page.STORAGE) == WizardModel.Mark.DONE && !fixture.session.runInProgressProperty().get());
        Button check = robot.lookup("#check").queryAs(Button.class);
        robot.clickOn(check);
        await(() -> !robot.lookup("#requirements").queryListView().getItems().isEmpty() && !check.isDisabled());
        Label status = robot.lookup("#sectionStatus").queryAs(Label.class);
        assertThat(status.getText()).startsWith("All ");
        assertThat(robot.lookup("#keyAddress").queryAs(Label.class).getText()).contains("us-east-1");

        connect(robot, "us-west-2");

        assertThat(mark(robot, Page.STORAGE)).as("nothing of the lab in us-west-2").isEqualTo(WizardModel.Mark.TO_DO);
        robot.clickOn("#nav-STORAGE");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#requirements").queryListView().getItems()).as("the first region's ticks").isEmpty();
        assertThat(robot.lookup("#sectionStatus").queryAs(Label.class).getText()).doesNotContain("requirements met")
                .doesNotContain("everything done").doesNotStartWith("All ");
        assertThat(robot.lookup("#keyAddress").queryAs(Label.class).getText()).doesNotContain("us-east-1");
        for (Object row : robot.lookup("#stepRows").queryListView().getItems()) {
            assertThat(((StepRow) row).statusProperty().get()).as(row.toString()).isEqualTo(StepStatus.PENDING);
        }
        fixture.shoot(robot, "connection-changed-storage");

        // Back in the first region, its lab is there again (read from its state, not remembered by the page).
        connect(robot, "us-east-1");
        assertThat(mark(robot, Page.STORAGE)).isEqualTo(WizardModel.Mark.DONE);
    }
}
