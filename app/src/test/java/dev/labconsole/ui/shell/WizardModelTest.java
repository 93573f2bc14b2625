package dev.labconsole.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.ui.endpoint.EndpointTestViewModel.Verdict;
import dev.labconsole.ui.shell.WizardModel.Mark;
import org.junit.jupiter.api.Test;

/** The Test page's mark: the endpoint's answer decides, not the service's existence. */
class WizardModelTest {

    @Test
    void theTestStepIsDoneOnlyWhenTheEndpointAnsweredSinceTheLastRun() {
        assertThat(WizardModel.test(Mark.DONE, Verdict.NOT_TESTED, false)).as("the service alone").isEqualTo(Mark.TO_DO);
        assertThat(WizardModel.test(Mark.DONE, Verdict.ANSWERED, false)).isEqualTo(Mark.DONE);
        assertThat(WizardModel.test(Mark.DONE, Verdict.FAILED, false)).isEqualTo(Mark.ATTENTION);
    }

    @Test
    void inPracticeModeAFailedTestIsNoMistakeOfTheStudents() {
        assertThat(WizardModel.test(Mark.DONE, Verdict.FAILED, true)).isEqualTo(Mark.TO_DO);
        assertThat(WizardModel.test(Mark.DONE, Verdict.NOT_TESTED, true)).isEqualTo(Mark.TO_DO);
    }

    @Test
    void beforeTheServiceExistsItsOwnMarkShows() {
        assertThat(WizardModel.test(Mark.RUNNING, Verdict.ANSWERED, false)).isEqualTo(Mark.RUNNING);
        assertThat(WizardModel.test(Mark.TO_DO, Verdict.ANSWERED, false)).as("an answer from before a destroy")
                .isEqualTo(Mark.TO_DO);
        assertThat(WizardModel.test(Mark.ATTENTION, Verdict.NOT_TESTED, false)).isEqualTo(Mark.ATTENTION);
    }
}
