package dev.labconsole.lab;

import dev.labconsole.lab.LabTargets.TargetHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Why the lab's ECS service is not healthy, in the lab's words: what ECS says about the service (its
 * events, its deployments' rollout), why each stopped task stopped (its stop code, its containers'
 * exit codes) and what the load balancer thinks of each target, turned into findings that say what
 * to do. The reading ({@link #observe}) and the translation ({@link #diagnose}) are apart, so the
 * translation is tested on the SDK's own types.
 */
public final class ServiceDiagnosis {

    /** Events, findings and stopped tasks beyond these counts are old news. */
    static final int EVENT_CAP = 10;
    static final int FINDING_CAP = 8;

    private static final Pattern TASK_IN_EVENT = Pattern.compile("\\(task ([0-9a-f]+)\\)");

    /** How much a finding matters. */
    public enum Severity {
        /** Worth knowing; nothing is wrong yet. */
        INFO,
        /** May pass on its own (a task still starting), or may be the start of a failure. */
        WARNING,
        /** The service cannot become healthy until this is fixed. */
        ERROR
    }

    /** What went wrong, in the lab's words. */
    public enum Cause {
        IMAGE_NOT_PULLED("the task could not pull its image"),
        TASK_NOT_INITIALIZED("the task could not be set up"),
        OUT_OF_MEMORY("the container ran out of memory"),
        CONTAINER_EXITED("the model server stopped"),
        HEALTH_CHECKS_FAILED("the load balancer's health checks fail"),
        TASK_STOPPED("a task stopped"),
        CANNOT_PLACE("ECS cannot place a task"),
        SERVICE_LINKED_ROLE("ECS cannot assume its service-linked role"),
        ROLLED_BACK("the deployment failed and ECS rolled it back");

        private final String title;

        Cause(String title) {
            this.title = title;
        }

        /** "the task could not pull its image". */
        public String title() {
            return title;
        }
    }

    /**
     * One thing that is wrong, with AWS's own words for it and what to do.
     *
     * @param severity how much it matters
     * @param cause what went wrong
     * @param evidence what AWS said (a stopped reason, an exit code, a target's health, an event)
     * @param task the short id of the (newest) task it happened to, or "" when none
     * @param at when AWS saw it (the newest time when it happened more than once), or null when it is a
     *     state now (a target's health)
     * @param count how many tasks (or targets, or events) said the same
     * @param advice what to do about it
     */
    public record Finding(Severity severity, Cause cause, String evidence, String task, Instant at, int count,
            String advice) implements LabEvent.Payload {

        public Finding {
            Objects.requireNonNull(severity);
            Objects.requireNonNull(cause);
            evidence = evidence == null ? "" : evidence;
            task = task == null ? "" : task;
            advice = advice == null ? "" : advice;
        }

        /** "the task could not pull its image: CannotPullContainerError: ... (task 0abc, 2 times). Push it ...". */
        @Override
        public String toString() {
            String where = task.isEmpty() ? (count > 1 ? count + " times" : "")
                    : "task " + task + (count > 1 ? ", " + count + " times" : "");
            return cause.title() + ": " + evidence + (where.isEmpty() ? "" : " (" + where + ")") + ". " + advice;
        }

        String key() {
            // One rollback is one story, whichever of the deployment and the event tells it.
            return cause == Cause.ROLLED_BACK ? cause.name() : cause.name() + "|" + evidence;
        }
    }

    /**
     * One of the service's own events ("(service x) has started 2 tasks: ...").
     *
     * @param id ECS's id for the event, unique per service
     * @param at when ECS wrote it
     * @param message ECS's words
     */
    public record ServiceEvent(String id, Instant at, String message) implements LabEvent.Payload {
    }

    /**
     * The service now and what is wrong with it.
     *
     * @param service the service's name
     * @param desired tasks it wants
     * @param running tasks running
     * @param pending tasks starting
     * @param failedTasks tasks the current deployment saw fail to start
     * @param deployments deployments under way (1 when the service is steady)
     * @param rolloutState the current deployment's rollout (IN_PROGRESS, COMPLETED, FAILED), "" when unknown
     * @param rolloutReason ECS's words for the rollout state, "" when none
     * @param findings what is wrong, worst and newest first
     * @param events the service's newest events, newest first
     */
    public record Diagnosis(String service, int desired, int running, int pending, int failedTasks, int deployments,
            String rolloutState, String rolloutReason, List<Finding> findings, List<ServiceEvent> events)
            implements LabEvent.Payload {

        public Diagnosis {
            findings = List.copyOf(findings);
            events = List.copyOf(events);
        }

        /** All tasks run and the one deployment has finished (or ECS reports no rollout state). */
        public boolean steady() {
            return running >= desired && deployments <= 1
                    && (rolloutState.isEmpty() || "COMPLETED".equals(rolloutState));
        }

        /** The deployment circuit breaker failed the deployment. */
        public boolean rolledBack() {
            return findings.stream().anyMatch(f -> f.cause() == Cause.ROLLED_BACK);
        }

        /** The worst finding, if any. */
        public Optional<Finding> worst() {
            return findings.stream().findFirst();
        }

        /** One paragraph: how many tasks run, and the worst thing wrong with what to do. */
        public String summary() {
            String counts = service + ": " + running + " of " + desired + (desired == 1 ? " task" : " tasks")
                    + " running" + (failedTasks > 0 ? ", " + failedTasks + " failed to start" : "");
            Optional<Finding> rollback = findings.stream().filter(f -> f.cause() == Cause.ROLLED_BACK).findFirst();
            Optional<Finding> why = findings.stream().filter(f -> f.cause() != Cause.ROLLED_BACK).findFirst();
            if (rollback.isPresent()) {
                return counts + "; " + Cause.ROLLED_BACK.title() + " (" + rollback.get().evidence() + ")"
                        + why.map(f -> ". Why: " + f).orElse(". " + rollback.get().advice());
            }
            return counts + why.map(f -> "; " + f).orElse(findings.isEmpty() ? "; nothing wrong found" : "");
        }
    }

    /**
     * What AWS says about the service, read at one moment.
     *
     * @param service DescribeServices' answer (with its events and deployments)
     * @param stoppedTasks DescribeTasks' answer for the service's stopped tasks
     * @param targets the target group's health per target
     */
    public record Observation(Service service, List<Task> stoppedTasks, List<TargetHealth> targets) {

        public Observation {
            stoppedTasks = List.copyOf(stoppedTasks);
            targets = List.copyOf(targets);
        }
    }

    private ServiceDiagnosis() {
    }

    /**
     * Reads the service recorded in {@code state}; empty when the lab has no service (or it is gone).
     * Target health is a nicety here: when the target group cannot be read, the rest still is.
     */
    public static Optional<Observation> observe(EcsClient ecs, ElasticLoadBalancingV2Client elb, LabState state) {
        Optional<String> cluster = state.get(ResourceKey.CLUSTER);
        Optional<String> serviceArn = state.get(ResourceKey.SERVICE);
        if (cluster.isEmpty() || serviceArn.isEmpty()) {
            return Optional.empty();
        }
        Optional<Service> service;
        try {
            service = ecs.describeServices(r -> r.cluster(cluster.get()).services(serviceArn.get()))
                    .services().stream().filter(s -> !"INACTIVE".equals(s.status())).findFirst();
        } catch (ClusterNotFoundException e) {
            return Optional.empty();
        }
        if (service.isEmpty()) {
            return Optional.empty();
        }
        String name = service.get().serviceName();
        List<String> stopped = ecs.listTasks(r -> r.cluster(cluster.get()).serviceName(name)
                .desiredStatus(DesiredStatus.STOPPED)).taskArns();
        List<Task> tasks = stopped.isEmpty() ? List.of()
                : ecs.describeTasks(r -> r.cluster(cluster.get()).tasks(stopped)).tasks().stream()
                        // A service's tasks are in its group; anything else in the cluster is not its business.
                        .filter(t -> t.group() == null || t.group().equals("service:" + name)).toList();
        List<TargetHealth> targets = List.of();
        if (state.get(ResourceKey.TARGET_GROUP).isPresent()) {
            try {
                targets = new LabTargets(elb, ecs, state).health();
            } catch (SdkException | IllegalStateException e) {
                targets = List.of();
            }
        }
        return Optional.of(new Observation(service.get(), tasks, targets));
    }

    /** The diagnosis of what {@code observation} saw. */
    public static Diagnosis diagnose(Observation observation) {
        Service service = observation.service();
        Optional<Deployment> primary = service.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status())).findFirst();
        List<Finding> raw = new ArrayList<>();
        for (Deployment deployment : service.deployments()) {
            if ("FAILED".equals(deployment.rolloutStateAsString())) {
                raw.add(rollback(orEmpty(deployment.rolloutStateReason()), deployment.updatedAt()));
            }
        }
        List<ServiceEvent> events = events(service);
        // What went wrong before the service last reached a steady state has been overcome since.
        Instant recovered = events.stream().filter(e -> e.message().contains("has reached a steady state"))
                .map(ServiceEvent::at).filter(Objects::nonNull).findFirst().orElse(Instant.MIN);
        for (ServiceEvent event : events) {
            if (event.at() == null || event.at().isAfter(recovered)) {
                fromEvent(event).ifPresent(raw::add);
            }
        }
        for (Task task : newestFirst(observation.stoppedTasks())) {
            Instant at = stoppedAt(task);
            if (at == null || at.isAfter(recovered)) {
                fromTask(task).ifPresent(raw::add);
            }
        }
        for (TargetHealth target : observation.targets()) {
            fromTarget(target).ifPresent(raw::add);
        }
        return new Diagnosis(service.serviceName(), orZero(service.desiredCount()), orZero(service.runningCount()),
                orZero(service.pendingCount()), primary.map(d -> orZero(d.failedTasks())).orElse(0),
                service.deployments().size(), primary.map(d -> orEmpty(d.rolloutStateAsString())).orElse(""),
                primary.map(d -> orEmpty(d.rolloutStateReason())).orElse(""), merge(raw),
                events.subList(0, Math.min(EVENT_CAP, events.size())));
    }

    /** The service's events, each once, newest first. */
    static List<ServiceEvent> events(Service service) {
        Map<String, ServiceEvent> byId = new LinkedHashMap<>();
        for (software.amazon.awssdk.services.ecs.model.ServiceEvent e : service.events()) {
            byId.putIfAbsent(eventId(e), new ServiceEvent(eventId(e), e.createdAt(), orEmpty(e.message())));
        }
        List<ServiceEvent> events = new ArrayList<>(byId.values());
        events.sort(Comparator.comparing(ServiceEvent::at, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        return events;
    }

    /** ECS's id for an event; its time and words for an event without one. */
    static String eventId(software.amazon.awssdk.services.ecs.model.ServiceEvent event) {
        return event.id() == null ? event.createdAt() + " " + event.message() : event.id();
    }

    /** The stopped tasks, the one that stopped last first. */
    static List<Task> newestFirst(List<Task> tasks) {
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing(ServiceDiagnosis::stoppedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());
        return sorted;
    }

    private static Instant stoppedAt(Task task) {
        return task.stoppedAt() != null ? task.stoppedAt() : task.createdAt();
    }

    /** Why {@code task} stopped, when that is something to fix; empty for a task ECS stopped on purpose. */
    static Optional<Finding> fromTask(Task task) {
        String reason = orEmpty(task.stoppedReason());
        String id = shortId(task.taskArn());
        Instant at = stoppedAt(task);
        Optional<Container> failed = task.containers().stream()
                .filter(c -> c.exitCode() != null && c.exitCode() != 0).findFirst();
        String containerReasons = String.join("; ", task.containers().stream()
                .map(Container::reason).filter(r -> r != null && !r.isBlank()).toList());
        String words = reason + " " + containerReasons;
        if (words.contains("CannotPullContainerError")) {
            return Optional.of(new Finding(Severity.ERROR, Cause.IMAGE_NOT_PULLED,
                    quote(words, "CannotPullContainerError"), id, at, 1,
                    "The image is not in the registry: push it (Registry > Build and push, or ./labconsole image"
                            + " push), then Create again. If it is there, the private subnets have no route to the"
                            + " NAT gateway (Network > Check)"));
        }
        if (words.contains("ResourceInitializationError")) {
            return Optional.of(new Finding(Severity.ERROR, Cause.TASK_NOT_INITIALIZED,
                    quote(words, "ResourceInitializationError"), id, at, 1,
                    "ECS could not prepare the task: the execution role must allow ECR pulls and CloudWatch Logs"
                            + " (LabRole does), the log group /ecs/<lab> must exist (Containers > Create), and the"
                            + " private subnets need their route to the NAT gateway"));
        }
        if (reason.contains("health checks")) {
            return Optional.of(new Finding(Severity.ERROR, Cause.HEALTH_CHECKS_FAILED, reason, id, at, 1,
                    "ECS replaced the task because the load balancer found it unhealthy: check the health"
                            + " check path (/health), the container port against the target group's, and whether"
                            + " the server finishes starting within the grace period ("
                            + ServiceTiming.HEALTH_CHECK_GRACE_SECONDS + " s)"));
        }
        TaskStopCode code = task.stopCode();
        if (code == TaskStopCode.SERVICE_SCHEDULER_INITIATED || code == TaskStopCode.USER_INITIATED
                || code == TaskStopCode.SPOT_INTERRUPTION || code == TaskStopCode.TERMINATION_NOTICE) {
            // Scaling in, a deployment replacing old tasks, a teardown (the server's exit code is SIGTERM's):
            // nothing to fix.
            return Optional.empty();
        }
        Integer exitCode = failed.map(Container::exitCode).orElse(null);
        if ((exitCode != null && exitCode == 137) || words.contains("OutOfMemory")) {
            return Optional.of(new Finding(Severity.ERROR, Cause.OUT_OF_MEMORY,
                    join("exit code " + (exitCode == null ? "?" : exitCode), containerReasons, reason), id, at, 1,
                    "The task needs more memory: raise it (--memory, e.g. 4096) and apply again"));
        }
        if (exitCode != null) {
            return Optional.of(new Finding(Severity.ERROR, Cause.CONTAINER_EXITED,
                    join("exit code " + exitCode, containerReasons, reason), id, at, 1,
                    "Read the task's logs (Logs page, or ./labconsole logs): the server prints why it stopped."
                            + " Typical: MODEL_URI is not readable by the task role, or the model folder is"
                            + " incomplete"));
        }
        return Optional.of(new Finding(Severity.WARNING, Cause.TASK_STOPPED,
                join(orEmpty(task.stopCodeAsString()), reason, containerReasons), id, at, 1,
                "Read the task's logs (Logs page, or ./labconsole logs) for what it did last"));
    }

    /** A target the load balancer finds unhealthy, and what its reason usually means. */
    static Optional<Finding> fromTarget(TargetHealth target) {
        String advice = switch (target.reason()) {
            case "Target.ResponseCodeMismatch" -> "The server answers the health check with another code than 200:"
                    + " the path must be /health, and a server still loading its model answers 503; if start-up"
                    + " takes longer than the grace period (" + ServiceTiming.HEALTH_CHECK_GRACE_SECONDS
                    + " s), ECS replaces the task before it is ready";
            case "Target.Timeout" -> "Nothing answered the health check in time: the tasks' security group must"
                    + " allow TCP on the container port from the load balancer's group, and the server must"
                    + " listen on the target group's port";
            case "Target.FailedHealthChecks" -> "The health checks could not connect: check the container port"
                    + " against the target group's port, the tasks' security group, and whether the server had"
                    + " finished starting (read its logs)";
            default -> null;
        };
        if (advice == null) {
            return Optional.empty();
        }
        String evidence = target.reason() + (target.description().isEmpty() ? "" : ": " + target.description());
        return Optional.of(new Finding(Severity.WARNING, Cause.HEALTH_CHECKS_FAILED, evidence, target.task(), null,
                1, advice));
    }

    /** What a service event says is wrong, for the events that say so. */
    static Optional<Finding> fromEvent(ServiceEvent event) {
        String text = event.message();
        String lower = text.toLowerCase(Locale.ROOT);
        Matcher task = TASK_IN_EVENT.matcher(text);
        String taskId = task.find() ? task.group(1) : "";
        if (lower.contains("unable to assume the service linked role")) {
            return Optional.of(new Finding(Severity.ERROR, Cause.SERVICE_LINKED_ROLE, text, taskId, event.at(), 1,
                    "A new account creates ECS's service-linked role on first use: wait a minute and Create again;"
                            + " if it persists, create it (aws iam create-service-linked-role --aws-service-name"
                            + " ecs.amazonaws.com)"));
        }
        if (lower.contains("unable to place a task")) {
            return Optional.of(new Finding(Severity.ERROR, Cause.CANNOT_PLACE, text, taskId, event.at(), 1,
                    "ECS found nowhere to run the task: check that the CPU and memory are a valid Fargate size"
                            + " (--cpu/--memory), and that the private subnets exist and have free addresses"));
        }
        if (lower.contains("deployment failed")) {
            return Optional.of(rollback(text, event.at()));
        }
        if (lower.contains("is unhealthy in")) {
            // Each event names its task; the same complaint about another task is the same finding.
            String evidence = TASK_IN_EVENT.matcher(text).replaceAll("(task)");
            return Optional.of(new Finding(Severity.WARNING, Cause.HEALTH_CHECKS_FAILED, evidence, taskId,
                    event.at(), 1, "The load balancer's checks of that task fail: check the health check path"
                            + " (/health), the container port, the tasks' security group, and the task's logs"));
        }
        return Optional.empty();
    }

    private static Finding rollback(String reason, Instant at) {
        return new Finding(Severity.ERROR, Cause.ROLLED_BACK, reason, "", at, 1,
                "The deployment circuit breaker stopped the deployment after its tasks kept failing and rolled"
                        + " the service back to its last working deployment (none on a first deployment): fix"
                        + " the cause, then Create again");
    }

    /** Findings that say the same merged into one (counted, newest time kept), worst and newest first, capped. */
    static List<Finding> merge(List<Finding> raw) {
        Map<String, Finding> byKey = new LinkedHashMap<>();
        for (Finding f : raw) {
            byKey.merge(f.key(), f, (a, b) -> {
                Finding newer = a.at() == null || (b.at() != null && b.at().isAfter(a.at())) ? b : a;
                return new Finding(newer.severity(), newer.cause(), newer.evidence(), newer.task(), newer.at(),
                        a.count() + b.count(), newer.advice());
            });
        }
        List<Finding> merged = new ArrayList<>(byKey.values());
        merged.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Finding::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return List.copyOf(merged.subList(0, Math.min(FINDING_CAP, merged.size())));
    }

    /** The part of {@code words} from {@code marker} on: AWS's own sentence, without what comes before. */
    private static String quote(String words, String marker) {
        return words.substring(words.indexOf(marker)).strip();
    }

    private static String join(String... parts) {
        return String.join(": ", java.util.Arrays.stream(parts).filter(p -> p != null && !p.isBlank()).toList());
    }

    static String shortId(String arn) {
        return Arns.lastPart(arn);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
