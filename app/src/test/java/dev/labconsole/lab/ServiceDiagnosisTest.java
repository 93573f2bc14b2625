package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.LabTargets.TargetHealth;
import dev.labconsole.lab.ServiceDiagnosis.Cause;
import dev.labconsole.lab.ServiceDiagnosis.Diagnosis;
import dev.labconsole.lab.ServiceDiagnosis.Finding;
import dev.labconsole.lab.ServiceDiagnosis.Observation;
import dev.labconsole.lab.ServiceDiagnosis.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;

/**
 * The translation from what AWS says to findings, on the SDK's own model types as DescribeServices,
 * DescribeTasks and DescribeTargetHealth return them (the emulator produces none of these failures).
 */
class ServiceDiagnosisTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final String CLUSTER = "arn:aws:ecs:us-east-1:123456789012:task/sentiment-app-cluster/";

    static Service service(int desired, int running, List<Deployment> deployments, List<ServiceEvent> events) {
        return Service.builder().serviceName("sentiment-app-service").desiredCount(desired).runningCount(running)
                .pendingCount(desired - running).deployments(deployments).events(events).build();
    }

    static Deployment primary(String id, String rollout, String reason, int failedTasks) {
        return Deployment.builder().id(id).status("PRIMARY").rolloutState(rollout).rolloutStateReason(reason)
                .failedTasks(failedTasks).createdAt(T0).updatedAt(T0.plusSeconds(300)).build();
    }

    static ServiceEvent event(String id, int secondsAfterT0, String message) {
        return ServiceEvent.builder().id(id).createdAt(T0.plusSeconds(secondsAfterT0)).message(message).build();
    }

    static Task stopped(String id, int secondsAfterT0, TaskStopCode code, String reason, Container... containers) {
        return Task.builder().taskArn(CLUSTER + id).group("service:sentiment-app-service").stopCode(code)
                .stoppedReason(reason).stoppedAt(T0.plusSeconds(secondsAfterT0)).containers(containers).build();
    }

    static Container container(Integer exitCode, String reason) {
        return Container.builder().name("sentiment-app").exitCode(exitCode).reason(reason).build();
    }

    static final String PULL = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to"
            + " resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/sentiment-app:latest: not found";

    @Test
    void aMissingImageSaysPushItOrCheckTheNatRouteAndCountsTheTasksThatSaidSo() {
        Observation seen = new Observation(service(2, 0, List.of(primary("ecs-svc/1", "IN_PROGRESS", "", 3)),
                List.of()), List.of(
                        stopped("aaa111", 10, TaskStopCode.TASK_FAILED_TO_START, PULL),
                        stopped("bbb222", 70, TaskStopCode.TASK_FAILED_TO_START, PULL),
                        stopped("ccc333", 40, TaskStopCode.TASK_FAILED_TO_START, PULL)), List.of());

        Diagnosis d = ServiceDiagnosis.diagnose(seen);

        assertThat(d.findings()).singleElement().satisfies(f -> {
            assertThat(f.cause()).isEqualTo(Cause.IMAGE_NOT_PULLED);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.evidence()).isEqualTo(PULL);
            assertThat(f.count()).isEqualTo(3);
            assertThat(f.task()).as("the newest task").isEqualTo("bbb222");
            assertThat(f.at()).isEqualTo(T0.plusSeconds(70));
            assertThat(f.advice()).contains("./labconsole image push").contains("NAT gateway");
        });
        assertThat(d.failedTasks()).isEqualTo(3);
        assertThat(d.steady()).isFalse();
        assertThat(d.summary()).startsWith("sentiment-app-service: 0 of 2 tasks running, 3 failed to start; the task"
                + " could not pull its image: CannotPullContainerError").contains("(task bbb222, 3 times)");
    }

    @Test
    void eachWayATaskStopsIsTranslatedIntoWhatToDo() {
        List<Task> tasks = List.of(
                stopped("t1", 1, TaskStopCode.TASK_FAILED_TO_START, "ResourceInitializationError: unable to pull"
                        + " secrets or registry auth: execution resource retrieval failed"),
                stopped("t2", 2, TaskStopCode.ESSENTIAL_CONTAINER_EXITED, "Essential container in task exited",
                        container(137, "OutOfMemoryError: Container killed due to memory usage")),
                stopped("t3", 3, TaskStopCode.ESSENTIAL_CONTAINER_EXITED, "Essential container in task exited",
                        container(1, null)),
                stopped("t4", 4, TaskStopCode.SERVICE_SCHEDULER_INITIATED,
                        "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:"
                                + "123456789012:targetgroup/sentiment-app-tg/abc)"),
                stopped("t5", 5, TaskStopCode.TASK_FAILED_TO_START, "Timeout waiting for network interface"
                        + " provisioning to complete."),
                // ECS scaling in or replacing a task on purpose: nothing to fix.
                stopped("t6", 6, TaskStopCode.SERVICE_SCHEDULER_INITIATED, "Scaling activity initiated by"
                        + " (deployment ecs-svc/1)", container(143, null)));

        List<Finding> findings = ServiceDiagnosis.diagnose(new Observation(service(2, 0, List.of(), List.of()),
                tasks, List.of())).findings();

        assertThat(findings).extracting(Finding::cause).containsExactly(Cause.HEALTH_CHECKS_FAILED,
                Cause.CONTAINER_EXITED, Cause.OUT_OF_MEMORY, Cause.TASK_NOT_INITIALIZED, Cause.TASK_STOPPED);
        assertThat(find(findings, Cause.TASK_NOT_INITIALIZED)).satisfies(f -> {
            assertThat(f.evidence()).startsWith("ResourceInitializationError: unable to pull secrets");
            assertThat(f.advice()).contains("execution role").contains("log group");
        });
        assertThat(find(findings, Cause.OUT_OF_MEMORY)).satisfies(f -> {
            assertThat(f.evidence()).isEqualTo("exit code 137: OutOfMemoryError: Container killed due to memory"
                    + " usage: Essential container in task exited");
            assertThat(f.advice()).contains("--memory");
        });
        assertThat(find(findings, Cause.CONTAINER_EXITED)).satisfies(f -> {
            assertThat(f.evidence()).isEqualTo("exit code 1: Essential container in task exited");
            assertThat(f.advice()).contains("./labconsole logs").contains("MODEL_URI");
            assertThat(f.task()).isEqualTo("t3");
        });
        assertThat(find(findings, Cause.HEALTH_CHECKS_FAILED)).satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.advice()).contains("/health").contains("grace period");
        });
        assertThat(find(findings, Cause.TASK_STOPPED)).satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence()).isEqualTo("TaskFailedToStart: Timeout waiting for network interface provisioning"
                    + " to complete.");
        });
        assertThat(findings).noneMatch(f -> f.task().equals("t6"));
    }

    @Test
    void unhealthyTargetsSayWhatTheirReasonUsuallyMeans() {
        List<TargetHealth> targets = List.of(
                new TargetHealth("10.0.3.10", 8000, "t1", "unhealthy", "Target.ResponseCodeMismatch",
                        "Health checks failed with these codes: [503]"),
                new TargetHealth("10.0.4.11", 8000, "t2", "unhealthy", "Target.Timeout", "Request timed out"),
                new TargetHealth("10.0.3.12", 8000, "", "unhealthy", "Target.FailedHealthChecks",
                        "Health checks failed"),
                new TargetHealth("10.0.4.13", 8000, "t4", "initial", "Elb.InitialHealthChecking",
                        "Initial health checks in progress"),
                new TargetHealth("10.0.4.14", 8000, "t5", "healthy", "", ""));

        List<Finding> findings = ServiceDiagnosis.diagnose(new Observation(service(2, 2, List.of(), List.of()),
                List.of(), targets)).findings();

        assertThat(findings).hasSize(3).allSatisfy(f -> {
            assertThat(f.cause()).isEqualTo(Cause.HEALTH_CHECKS_FAILED);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.at()).as("a state now, not an event").isNull();
        });
        assertThat(findings).filteredOn(f -> f.evidence().startsWith("Target.ResponseCodeMismatch")).singleElement()
                .satisfies(f -> {
                    assertThat(f.evidence()).endsWith("[503]");
                    assertThat(f.advice()).contains("503").contains("grace period");
                    assertThat(f.task()).isEqualTo("t1");
                });
        assertThat(findings).filteredOn(f -> f.evidence().startsWith("Target.Timeout")).singleElement()
                .satisfies(f -> assertThat(f.advice()).contains("security group"));
        assertThat(findings).filteredOn(f -> f.evidence().startsWith("Target.FailedHealthChecks")).singleElement()
                .satisfies(f -> assertThat(f.advice()).contains("container port"));
    }

    @Test
    void serviceEventsNameThePlacementTheRoleTheUnhealthyTasksAndTheRollback() {
        List<ServiceEvent> events = List.of(
                event("e6", 600, "(service sentiment-app-service) rolling back to deployment ecs-svc/0."),
                event("e5", 590, "(service sentiment-app-service) (deployment ecs-svc/1) deployment failed: tasks"
                        + " failed to start."),
                event("e4", 400, "(service sentiment-app-service) (port 8000) is unhealthy in (target-group"
                        + " arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/sentiment-app-tg/abc) due"
                        + " to (reason Health checks failed with these codes: [503]). (task 0aa1)"),
                event("e3", 300, "(service sentiment-app-service) (port 8000) is unhealthy in (target-group"
                        + " arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/sentiment-app-tg/abc) due"
                        + " to (reason Health checks failed with these codes: [503]). (task 0bb2)"),
                event("e2", 200, "(service sentiment-app-service) was unable to place a task because no container"
                        + " instance met all of its requirements."),
                event("e1", 100, "(service sentiment-app-service) failed to launch a task with (error ECS was"
                        + " unable to assume the service linked role. Please verify that the ECS service linked"
                        + " role exists.)."),
                // The same event twice (a second page of the answer, say) counts once.
                event("e1", 100, "(service sentiment-app-service) failed to launch a task with (error ECS was"
                        + " unable to assume the service linked role. Please verify that the ECS service linked"
                        + " role exists.)."));
        Deployment failed = Deployment.builder().id("ecs-svc/1").status("ACTIVE").rolloutState("FAILED")
                .rolloutStateReason("ECS deployment circuit breaker: tasks failed to start.").updatedAt(T0.plusSeconds(590))
                .build();

        Diagnosis d = ServiceDiagnosis.diagnose(new Observation(service(2, 0,
                List.of(primary("ecs-svc/0", "IN_PROGRESS", "", 0), failed), events), List.of(), List.of()));

        assertThat(d.events()).extracting(ServiceDiagnosis.ServiceEvent::id)
                .containsExactly("e6", "e5", "e4", "e3", "e2", "e1");
        assertThat(d.findings()).extracting(Finding::cause).containsExactly(Cause.ROLLED_BACK, Cause.CANNOT_PLACE,
                Cause.SERVICE_LINKED_ROLE, Cause.HEALTH_CHECKS_FAILED);
        assertThat(find(d.findings(), Cause.ROLLED_BACK)).satisfies(f -> {
            assertThat(f.count()).as("the deployment and its event tell one story").isEqualTo(2);
            assertThat(f.advice()).contains("circuit breaker").contains("rolled the service back");
        });
        assertThat(find(d.findings(), Cause.HEALTH_CHECKS_FAILED)).satisfies(f -> {
            assertThat(f.count()).as("the same complaint about two tasks").isEqualTo(2);
            assertThat(f.task()).isEqualTo("0aa1");
            assertThat(f.evidence()).doesNotContain("0aa1").contains("[503]");
        });
        assertThat(find(d.findings(), Cause.SERVICE_LINKED_ROLE).count()).isEqualTo(1);
        assertThat(find(d.findings(), Cause.SERVICE_LINKED_ROLE).advice()).contains("create-service-linked-role");
        assertThat(find(d.findings(), Cause.CANNOT_PLACE).advice()).contains("Fargate size");
        assertThat(d.rolledBack()).isTrue();
        assertThat(d.summary()).contains("the deployment failed and ECS rolled it back (ECS deployment circuit breaker:"
                + " tasks failed to start.). Why: ECS cannot place a task");
    }

    @Test
    void eventsAreCappedNewestFirstAndWhatCameBeforeTheLastSteadyStateIsOverNow() {
        List<ServiceEvent> events = new ArrayList<>();
        events.add(event("old-pull", 10, "(service sentiment-app-service) was unable to place a task because no"
                + " container instance met all of its requirements."));
        events.add(event("steady", 100, "(service sentiment-app-service) has reached a steady state."));
        for (int i = 0; i < 15; i++) {
            events.add(event("started-" + i, 200 + i, "(service sentiment-app-service) has started 1 tasks: (task x"
                    + i + ")."));
        }
        List<Task> tasks = List.of(stopped("before", 50, TaskStopCode.TASK_FAILED_TO_START, PULL));

        Diagnosis d = ServiceDiagnosis.diagnose(new Observation(service(2, 2,
                List.of(primary("ecs-svc/2", "COMPLETED", "ECS deployment ecs-svc/2 completed.", 0)), events), tasks,
                List.of()));

        assertThat(d.events()).hasSize(ServiceDiagnosis.EVENT_CAP);
        assertThat(d.events().get(0).id()).isEqualTo("started-14");
        assertThat(d.events().get(ServiceDiagnosis.EVENT_CAP - 1).id()).isEqualTo("started-5");
        assertThat(d.findings()).as("overcome since the service became steady").isEmpty();
        assertThat(d.steady()).isTrue();
        assertThat(d.summary()).isEqualTo("sentiment-app-service: 2 of 2 tasks running; nothing wrong found");
    }

    @Test
    void findingsAreCappedWorstFirst() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tasks.add(stopped("x" + i, i, TaskStopCode.ESSENTIAL_CONTAINER_EXITED, "Essential container in task exited",
                    container(i + 2, null)));
        }
        tasks.add(stopped("warn", 100, TaskStopCode.TASK_FAILED_TO_START, "something new"));

        List<Finding> findings = ServiceDiagnosis.diagnose(new Observation(service(2, 0, List.of(), List.of()), tasks,
                List.of())).findings();

        assertThat(findings).hasSize(ServiceDiagnosis.FINDING_CAP).allMatch(f -> f.severity() == Severity.ERROR);
        assertThat(findings.get(0).task()).as("newest error first").isEqualTo("x11");
    }

    private static Finding find(List<Finding> findings, Cause cause) {
        return findings.stream().filter(f -> f.cause() == cause).findFirst().orElseThrow();
    }
}
