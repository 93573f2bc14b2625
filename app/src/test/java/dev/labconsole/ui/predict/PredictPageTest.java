package dev.labconsole.ui.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.ui.ConsoleApp;
import dev.labconsole.ui.FxBackgroundRunner;
import dev.labconsole.ui.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The page as a student uses it: the bundled model loads by itself, Ctrl+Enter predicts. */
@ExtendWith(ApplicationExtension.class)
class PredictPageTest {

    @TempDir
    Path temp;

    private PredictViewModel model;
    private FxBackgroundRunner runner;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        runner = new FxBackgroundRunner();
        model = new PredictViewModel(runner, ConsoleLoaders.standard());
        stage.setScene(ConsoleApp.createScene(model));
        stage.show();
        model.loadModel();
    }

    @AfterEach
    void close() {
        model.close();
        runner.close();
    }

    /**
     * Waits for {@code condition}, then for the FX thread: the model's state is read off it and changes before
     * the labels bound to it are redrawn.
     */
    private static void await(java.util.concurrent.Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theBundledModelLoadsByItselfAndCtrlEnterPredicts(FxRobot robot) throws Exception {
        Button predict = robot.lookup("#predict").queryAs(Button.class);
        assertThat(predict.isDisabled()).as("nothing typed, model not ready").isTrue();
        await(() -> model.modelStateProperty().get() == PredictViewModel.ModelState.READY);
        assertThat(robot.lookup("#modelStatus").queryAs(Label.class).getText()).contains("ready");
        assertThat(robot.lookup("#predictReason").queryAs(Label.class).getText()).isEqualTo("Type a text to classify");

        robot.clickOn("#text").write("a gripping , beautifully acted film");
        assertThat(predict.isDisabled()).isFalse();
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        await(() -> model.lastPredictionProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#resultLabel").queryAs(Label.class).getText()).startsWith("positive");
        assertThat(robot.lookup("#resultLatency").queryAs(Label.class).getText()).endsWith(" ms");
        assertThat(robot.lookup("#bar-positive").tryQuery()).isPresent();
        assertThat(robot.lookup("#history").queryAs(ListView.class).getItems()).hasSize(1);

        robot.interact(() -> Screenshots.write(stage.getScene(), "predict"));
    }

    @Test
    void aFileIsClassifiedWithProgressIntoJsonLines(FxRobot robot) throws Exception {
        await(() -> model.modelStateProperty().get() == PredictViewModel.ModelState.READY);
        Path input = Files.writeString(temp.resolve("in.txt"), "warm , funny and wise\na dull , lifeless mess\n");
        Path output = temp.resolve("out.jsonl");
        robot.interact(() -> model.predictFile(input, output));
        await(() -> !model.batchRunningProperty().get());
        assertThat(model.errorProperty().get()).isNull();
        assertThat(robot.lookup("#fileStatus").queryAs(Label.class).getText()).startsWith("Classified 2 texts");
        assertThat(Files.readAllLines(output)).hasSize(2);
    }

    @Test
    void aBadModelSourceShowsWhyAndKeepsTheLoadedModel(FxRobot robot) throws Exception {
        await(() -> model.modelStateProperty().get() == PredictViewModel.ModelState.READY);
        robot.interact(() -> {
            model.modelSourceProperty().set(temp.resolve("missing").toString());
            model.loadModel();
        });
        await(() -> model.errorProperty().get() != null);
        assertThat(robot.lookup("#error").queryAs(Label.class).getText()).contains("no model at");
        assertThat(model.modelStateProperty().get()).isEqualTo(PredictViewModel.ModelState.READY);
    }
}
