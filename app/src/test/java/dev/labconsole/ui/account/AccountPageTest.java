package dev.labconsole.ui.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.account.AccountCheck;
import dev.labconsole.lab.account.AccountReview;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.FxBackgroundRunner;
import dev.labconsole.ui.Screenshots;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Account page against the emulator: checks shown with fixes, a bad budget refused, a good one created. */
@ExtendWith({MotoExtension.class, ApplicationExtension.class})
class AccountPageTest {

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
    void theChecksShowWithTheirFixesAndABudgetIsCreatedFromThePage(FxRobot robot, MotoServer moto) throws Exception {
        this.moto = moto;
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        AccountViewModel model = new AccountViewModel(runner, () -> new AccountReview(aws));
        robot.interact(() -> {
            stage.setScene(new Scene(new AccountView(model).root(), 1280, 720));
            stage.show();
        });

        robot.clickOn("#checkAccount");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.checks().size() == 6);
        assertThat(model.checks()).filteredOn(c -> c.status() == AccountCheck.Status.NOT_MET).hasSize(5);
        assertThat(robot.lookup("#accountStatus").queryAs(Label.class).getText()).isEqualTo("5 to fix.");

        robot.interact(() -> model.emailProperty().set("not-an-address"));
        robot.clickOn("#createBudget");
        Label budget = robot.lookup("#budgetStatus").queryAs(Label.class);
        assertThat(budget.getText()).contains("not an e-mail address");

        robot.interact(() -> model.emailProperty().set("me@example.com"));
        robot.clickOn("#createBudget");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#accountStatus").queryAs(Label.class)
                .getText().equals("4 to fix."));
        assertThat(model.checks()).filteredOn(c -> c.what().startsWith("a monthly cost budget")).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(AccountCheck.Status.MET));
        robot.interact(() -> Screenshots.write(stage.getScene(), "account"));
    }
}
