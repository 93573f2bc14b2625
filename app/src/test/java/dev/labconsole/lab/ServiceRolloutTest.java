package dev.labconsole.lab;

import static dev.labconsole.lab.ServiceDiagnosisTest.PULL;
import static dev.labconsole.lab.ServiceDiagnosisTest.T0;
import static dev.labconsole.lab.ServiceDiagnosisTest.event;
import static dev.labconsole.lab.ServiceDiagnosisTest.primary;
import static dev.labconsole.lab.ServiceDiagnosisTest.service;
import static dev.labconsole.lab.ServiceDiagnosisTest.stopped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.Retry;
import dev.labconsole.lab.ServiceDiagnosis.Cause;
import dev.labconsole.lab.ServiceDiagnosis.Diagnosis;
import dev.labconsole.lab.ServiceDiagnosis.Finding;
import dev.labconsole.lab.ServiceDiagnosis.Observation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;

/**
 * The wait for the service, driven by a scripted series of looks (SDK model objects) and a clock
 * that the sleeper moves on: no real sleeps.
 */
class ServiceRolloutTest {

    private final List<LabEvent> published = new ArrayList<>();
    private final List<Duration> slept = new ArrayList<>();
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    // The rollout pauses in slices of at most a second (so that Stop is heard): slices add up to one pause.
    private Duration pause = Duration.ZERO;
    private final ServiceRollout rollout = new ServiceRollout(clock, d -> {
        assertThat(d).as("a slice a cancel can end").isLessThanOrEqualTo(dev.labconsole.aws.Poll.SLICE);
        now = now.plus(d);
        pause = pause.plus(d);
        if (pause.compareTo(Duration.ofSeconds(15)) >= 0) {
            slept.add(pause);
            pause = Duration.ZERO;
        }
    }, Duration.ofSeconds(15), 3);

    /** Each call returns the next look; the last one again once the script runs out. */
    private static ServiceRollout.Observer script(List<Observation> looks) {
        int[] next = {0};
        return () -> Optional.of(looks.get(Math.min(next[0]++, looks.size() - 1)));
    }

    private static Observation look(String rollout, int running, List<ServiceEvent> events, Task... stopped) {
        return new Observation(service(2, running, List.of(primary("ecs-svc/1", rollout, "", stopped.length)),
                events), List.of(stopped), List.of());
    }

    private Diagnosis await(ServiceRollout.Observer observer, Runnable checkCancelled) {
        return rollout.await(StepId.SERVICE, published::add, checkCancelled, Duration.ofMinutes(15), observer);
    }

    @Test
    void aDeploymentTheCircuitBreakerFailsEndsTheWaitEarlyWithTheReason() {
        ServiceEvent failed = event("e2", 95, "(service sentiment-app-service) (deployment ecs-svc/1) deployment"
                + " failed: tasks failed to start.");
        Observation first = look("IN_PROGRESS", 0, List.of());
        Observation pulling = look("IN_PROGRESS", 0, List.of(), stopped("t1", 40, TaskStopCode.TASK_FAILED_TO_START,
                PULL));
        Observation rolledBack = new Observation(service(2, 0, List.of(Deployment.builder().id("ecs-svc/1")
                .status("PRIMARY").rolloutState("FAILED").rolloutStateReason("ECS deployment circuit breaker: tasks"
                        + " failed to start.").failedTasks(2).updatedAt(T0.plusSeconds(95)).build()), List.of(failed)),
                List.of(stopped("t1", 40, TaskStopCode.TASK_FAILED_TO_START, PULL),
                        stopped("t2", 80, TaskStopCode.TASK_FAILED_TO_START, "Essential container in task exited",
                                ServiceDiagnosisTest.container(1, null))), List.of());

        assertThatThrownBy(() -> await(script(List.of(first, pulling, rolledBack)), () -> { }))
                .isInstanceOf(ServiceNotHealthyException.class)
                .hasMessageContaining("the deployment failed and ECS rolled it back (ECS deployment circuit breaker:"
                        + " tasks failed to start.)")
                .hasMessageContaining("Why: the model server stopped: exit code 1")
                .satisfies(e -> assertThat(((ServiceNotHealthyException) e).diagnosis().rolledBack()).isTrue());
        assertThat(slept).as("two pauses between three looks, not the 15-minute timeout").hasSize(2);
        assertThat(published).filteredOn(e -> e.kind() == LabEvent.Kind.WARNING)
                .extracting(e -> ((Finding) e.payload()).cause())
                .containsExactly(Cause.IMAGE_NOT_PULLED, Cause.ROLLED_BACK, Cause.CONTAINER_EXITED);
        assertThat(published).filteredOn(e -> e.kind() == LabEvent.Kind.WARNING).first()
                .satisfies(e -> assertThat(e.message()).startsWith("the task could not pull its image:"));
    }

    @Test
    void eachNewServiceEventIsPublishedOnceInTheOrderEcsWroteThem() {
        ServiceEvent started = event("e1", 5, "(service sentiment-app-service) has started 2 tasks: (task a) (task b).");
        ServiceEvent registered = event("e2", 30, "(service sentiment-app-service) registered 2 targets in"
                + " (target-group sentiment-app-tg)");
        ServiceEvent steady = event("e3", 60, "(service sentiment-app-service) has reached a steady state.");
        List<Observation> looks = List.of(
                look("IN_PROGRESS", 0, List.of(started)),
                look("IN_PROGRESS", 1, List.of(registered, started)),
                look("IN_PROGRESS", 2, List.of(registered, started)),
                look("COMPLETED", 2, List.of(steady, registered, started)));

        Diagnosis done = await(script(looks), () -> { });

        assertThat(done.steady()).isTrue();
        assertThat(done.running()).isEqualTo(2);
        assertThat(published).filteredOn(e -> e.kind() == LabEvent.Kind.PROGRESS).extracting(LabEvent::message)
                .containsExactly("ECS: " + started.message(), "ECS: " + registered.message(), "ECS: " + steady.message());
        assertThat(published).filteredOn(e -> e.kind() == LabEvent.Kind.PROGRESS).allSatisfy(e -> {
            assertThat(e.payload()).isInstanceOf(ServiceDiagnosis.ServiceEvent.class);
            assertThat(e.at()).isEqualTo(((ServiceDiagnosis.ServiceEvent) e.payload()).at());
        });
        assertThat(published).noneMatch(e -> e.kind() == LabEvent.Kind.WARNING);
        assertThat(slept).hasSize(3).allMatch(d -> d.equals(Duration.ofSeconds(15)));
    }

    @Test
    void tasksThatKeepStoppingForTheSameReasonEndTheWaitWithoutTheCircuitBreaker() {
        Task t1 = stopped("t1", 30, TaskStopCode.TASK_FAILED_TO_START, PULL);
        Task t2 = stopped("t2", 60, TaskStopCode.TASK_FAILED_TO_START, PULL);
        Task t3 = stopped("t3", 90, TaskStopCode.TASK_FAILED_TO_START, PULL);
        List<Observation> looks = List.of(look("IN_PROGRESS", 0, List.of()), look("IN_PROGRESS", 0, List.of(), t1),
                look("IN_PROGRESS", 0, List.of(), t1, t2), look("IN_PROGRESS", 0, List.of(), t1, t2, t3));

        assertThatThrownBy(() -> await(script(looks), () -> { })).isInstanceOf(ServiceNotHealthyException.class)
                .hasMessageStartingWith("the last 3 tasks stopped the same way, so ECS trying again will not help: the"
                        + " task could not pull its image: CannotPullContainerError")
                .hasMessageContaining("(task t3, 3 times)");
        assertThat(slept).hasSize(3);
        assertThat(published).filteredOn(e -> e.kind() == LabEvent.Kind.WARNING).as("one finding, published once")
                .hasSize(1);
    }

    @Test
    void whatWasThereBeforeTheWaitDoesNotFailIt() {
        // A deployment that failed an hour ago and its stopped tasks: the student fixed the cause and applied again.
        Deployment oldFailure = Deployment.builder().id("ecs-svc/0").status("ACTIVE").rolloutState("FAILED")
                .rolloutStateReason("ECS deployment circuit breaker: tasks failed to start.").build();
        ServiceEvent oldEvent = event("old", -3600, "(service sentiment-app-service) (deployment ecs-svc/0) deployment"
                + " failed: tasks failed to start.");
        List<Task> oldTasks = List.of(stopped("o1", -3700, TaskStopCode.TASK_FAILED_TO_START, PULL),
                stopped("o2", -3650, TaskStopCode.TASK_FAILED_TO_START, PULL),
                stopped("o3", -3600, TaskStopCode.TASK_FAILED_TO_START, PULL));
        Observation before = new Observation(service(2, 0, List.of(primary("ecs-svc/1", "IN_PROGRESS", "", 0),
                oldFailure), List.of(oldEvent)), oldTasks, List.of());
        Observation after = new Observation(service(2, 2, List.of(primary("ecs-svc/1", "COMPLETED", "", 0)),
                List.of(oldEvent)), oldTasks, List.of());

        Diagnosis done = await(script(List.of(before, after)), () -> { });

        assertThat(done.steady()).isTrue();
        assertThat(published).as("an event from an earlier run is not news").isEmpty();
    }

    @Test
    void cancellingStopsTheWaitAtTheNextLook() {
        AtomicBoolean cancelled = new AtomicBoolean();
        int[] looks = {0};
        ServiceRollout.Observer observer = () -> {
            looks[0]++;
            if (looks[0] == 2) {
                cancelled.set(true);
            }
            return Optional.of(look("IN_PROGRESS", 0, List.of()));
        };

        assertThatThrownBy(() -> await(observer, () -> {
            if (cancelled.get()) {
                throw new Retry.CancelledException();
            }
        })).isInstanceOf(Retry.CancelledException.class);
        assertThat(looks[0]).isEqualTo(2);
    }

    @Test
    void anInterruptedSleepIsACancel() {
        ServiceRollout interrupted = new ServiceRollout(clock, d -> {
            throw new InterruptedException();
        }, Duration.ofSeconds(15), 3);

        assertThatThrownBy(() -> interrupted.await(StepId.SERVICE, published::add, () -> { }, Duration.ofMinutes(15),
                script(List.of(look("IN_PROGRESS", 0, List.of()))))).isInstanceOf(Retry.CancelledException.class);
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }

    @Test
    void theTimeoutEndsTheWaitWithWhatIsKnownAndAGoneServiceSaysSo() {
        Observation starting = new Observation(service(2, 1, List.of(primary("ecs-svc/1", "IN_PROGRESS", "", 0)),
                List.of()), List.of(), List.of(new LabTargets.TargetHealth("10.0.3.4", 8000, "t9", "unhealthy",
                        "Target.Timeout", "Request timed out")));

        assertThatThrownBy(() -> rollout.await(StepId.SERVICE, published::add, () -> { }, Duration.ofMinutes(2),
                script(List.of(starting)))).isInstanceOf(ServiceNotHealthyException.class)
                .hasMessageStartingWith("not stable after 2 min: sentiment-app-service: 1 of 2 tasks running; the load"
                        + " balancer's health checks fail: Target.Timeout");
        assertThat(slept).as("looks every 15 s for 2 minutes").hasSize(8);

        assertThatThrownBy(() -> await(Optional::empty, () -> { })).isInstanceOf(ServiceNotHealthyException.class)
                .hasMessageContaining("the service is gone");
    }
}
