package dev.labconsole.ui.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.ServiceDiagnosis.Cause;
import dev.labconsole.lab.ServiceDiagnosis.Diagnosis;
import dev.labconsole.lab.ServiceDiagnosis.Finding;
import dev.labconsole.lab.ServiceDiagnosis.ServiceEvent;
import dev.labconsole.lab.ServiceDiagnosis.Severity;
import dev.labconsole.lab.StepId;
import dev.labconsole.ui.BackgroundRunner;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.Test;

/** The service health panel's model without JavaFX: typed payloads in, lists and a status out. */
class ServiceHealthViewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Finding PULL = new Finding(Severity.ERROR, Cause.IMAGE_NOT_PULLED,
            "CannotPullContainerError: not found", "t1", T0, 1, "Push it.");
    private static final Finding UNHEALTHY = new Finding(Severity.WARNING, Cause.HEALTH_CHECKS_FAILED,
            "Target.Timeout: Request timed out", "t2", null, 1, "Check the security group.");

    private final SimpleBooleanProperty practice = new SimpleBooleanProperty(false);
    private Callable<Optional<Diagnosis>> source = Optional::empty;
    private final ServiceHealthViewModel model = new ServiceHealthViewModel(BackgroundRunner.synchronous(),
            () -> source.call(), practice);

    private static Diagnosis diagnosis(int desired, int running, String rollout, List<Finding> findings) {
        return new Diagnosis("sentiment-app-service", desired, running, desired - running, 0, 1, rollout, "", findings,
                List.of(new ServiceEvent("e1", T0, "(service sentiment-app-service) has started 2 tasks.")));
    }

    @Test
    void diagnoseShowsTheFindingsWorstFirstWithTheCounts() {
        source = () -> Optional.of(diagnosis(2, 0, "IN_PROGRESS", List.of(PULL, UNHEALTHY)));

        model.diagnose();

        assertThat(model.findings()).containsExactly(PULL, UNHEALTHY);
        assertThat(model.events()).extracting(ServiceEvent::id).containsExactly("e1");
        assertThat(model.statusProperty().get()).isEqualTo("0 of 2 tasks running, deployment in progress. 1 to fix,"
                + " worst first:");
        assertThat(model.readingProperty().get()).isFalse();
    }

    @Test
    void aHealthyServiceAPracticeOneAnAbsentOneAndAFailureEachSaySo() {
        source = () -> Optional.of(diagnosis(2, 2, "COMPLETED", List.of()));
        model.diagnose();
        assertThat(model.statusProperty().get()).isEqualTo("2 of 2 tasks running, deployment completed. Nothing wrong"
                + " found.");

        practice.set(true);
        model.diagnose();
        assertThat(model.statusProperty().get()).endsWith("Practice mode: the emulator runs no containers, so nothing"
                + " can fail here.");

        source = () -> Optional.of(diagnosis(0, 0, "COMPLETED", List.of()));
        model.diagnose();
        assertThat(model.statusProperty().get()).startsWith("The service asks for no tasks: it waits for the image.");

        source = Optional::empty;
        model.diagnose();
        assertThat(model.findings()).isEmpty();
        assertThat(model.statusProperty().get()).isEqualTo("No service yet: create it on the Containers page.");

        source = () -> {
            throw new IllegalStateException("Connect first (the Connect page).");
        };
        model.diagnose();
        assertThat(model.statusProperty().get()).isEqualTo("Could not read the service: Connect first (the Connect"
                + " page).");
    }

    @Test
    void whileCreateRunsItFollowsTheServiceStepsTypedEventsOnly() {
        ServiceEvent started = new ServiceEvent("e1", T0, "(service sentiment-app-service) has started 2 tasks.");
        model.onEvents(List.of(
                LabEvent.of(StepId.SERVICE, LabEvent.Kind.PROGRESS, "ECS: " + started.message(), T0, started),
                LabEvent.of(StepId.SERVICE, LabEvent.Kind.PROGRESS, "ECS: " + started.message(), T0, started),
                LabEvent.of(StepId.SERVICE, LabEvent.Kind.WARNING, PULL.toString(), T0, PULL),
                // Text alone is never read, and other steps' events are not the service's.
                LabEvent.of(StepId.SERVICE, LabEvent.Kind.WARNING, "CannotPullContainerError somewhere"),
                LabEvent.of(StepId.TASK_DEFINITION, LabEvent.Kind.WARNING, UNHEALTHY.toString(), T0, UNHEALTHY)));

        assertThat(model.events()).containsExactly(started);
        assertThat(model.findings()).containsExactly(PULL);
        assertThat(model.statusProperty().get()).isEqualTo("While the service starts: 1 finding so far.");

        Diagnosis failed = diagnosis(2, 0, "FAILED", List.of(PULL, UNHEALTHY));
        model.onEvents(List.of(new LabEvent(StepId.SERVICE, LabEvent.Kind.FAILED, failed.summary(), T0,
                java.time.Duration.ofMinutes(4), failed)));

        assertThat(model.findings()).containsExactly(PULL, UNHEALTHY);
        assertThat(model.statusProperty().get()).startsWith("0 of 2 tasks running, deployment failed.");
    }

    @Test
    void eventsKeepTheNewestTen() {
        for (int i = 0; i < 15; i++) {
            ServiceEvent e = new ServiceEvent("e" + i, T0.plusSeconds(i), "event " + i);
            model.onEvents(List.of(LabEvent.of(StepId.SERVICE, LabEvent.Kind.PROGRESS, e.message(), e.at(), e)));
        }

        assertThat(model.events()).hasSize(ServiceHealthViewModel.EVENT_CAP);
        assertThat(model.events().get(0).id()).isEqualTo("e14");
        assertThat(model.events().get(ServiceHealthViewModel.EVENT_CAP - 1).id()).isEqualTo("e5");
    }
}
