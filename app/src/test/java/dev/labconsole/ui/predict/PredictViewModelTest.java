package dev.labconsole.ui.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.ui.BackgroundRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's logic without the toolkit, with the real model loader. */
class PredictViewModelTest {

    @TempDir
    Path temp;

    private final PredictViewModel model = new PredictViewModel(BackgroundRunner.synchronous(),
            ConsoleLoaders.standard());

    @Test
    void predictingNeedsAModelAndAText() {
        assertThat(model.canPredictProperty().get()).isFalse();
        assertThat(model.textProblemProperty().get()).isEqualTo("Type a text to classify");
        model.textProperty().set("x".repeat(10_001));
        assertThat(model.textProblemProperty().get()).isEqualTo("The text is 10,001 characters; the limit is 10,000");
        model.textProperty().set("a fine film");
        assertThat(model.textProblemProperty().get()).isNull();
        assertThat(model.canPredictProperty().get()).as("no model loaded yet").isFalse();
    }

    @Test
    void aModelThatCannotBeLoadedIsExplainedAndNothingIsReady() {
        model.modelSourceProperty().set(temp.resolve("missing").toString());
        model.loadModel();
        assertThat(model.modelStateProperty().get()).isEqualTo(PredictViewModel.ModelState.FAILED);
        assertThat(model.errorProperty().get()).startsWith("Cannot load " + temp.resolve("missing"))
                .contains("no model at");
        model.textProperty().set("a fine film");
        assertThat(model.canPredictProperty().get()).isFalse();
    }
}
