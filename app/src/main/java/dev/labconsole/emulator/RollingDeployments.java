package dev.labconsole.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ECS rolling deployments as AWS runs them and {@code moto} does not: moto moves a service to a new task
 * definition at once and keeps showing one deployment (with the old revision). AWS starts a new PRIMARY
 * deployment (rolloutState IN_PROGRESS) beside the old one, now ACTIVE: the new tasks are PENDING, then
 * RUNNING and registered in the target group, and once they pass its health checks the old tasks' targets
 * are deregistered, drain for the group's deregistration delay, and the old tasks stop; then only the
 * PRIMARY deployment is left, COMPLETED, and the service's events say what happened at each step. This
 * class keeps that timeline per service and rewrites the services in ECS answers to show where it is now.
 * It also remembers each service's {@code deploymentConfiguration} (circuit breaker, alarms), which moto
 * accepts but never answers. The circuit breaker never trips here: no task fails in the emulator.
 */
final class RollingDeployments {

    /** ALB target groups' defaults when the lab did not set them (AWS's documented defaults). */
    static final int DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS = 30;
    static final int DEFAULT_HEALTHY_THRESHOLD = 5;
    static final int DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EmulatorSettings settings;
    private final Duration tasksStart;
    private final Map<String, TargetGroup> targetGroups = new ConcurrentHashMap<>();
    private final Map<String, ServiceHistory> services = new ConcurrentHashMap<>();

    /** What a target group's timing is: health checks until healthy, and the deregistration delay. */
    private static final class TargetGroup {
        volatile int interval = DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS;
        volatile int healthyThreshold = DEFAULT_HEALTHY_THRESHOLD;
        volatile int deregistrationDelay = DEFAULT_DEREGISTRATION_DELAY_SECONDS;
    }

    /** What the emulator knows of one service beyond moto: its revision, its configuration, its rollouts. */
    private static final class ServiceHistory {
        volatile String taskDefinition;
        volatile int desired;
        volatile String deploymentId;
        volatile JsonNode deploymentConfiguration;
        final List<Rollout> rollouts = new CopyOnWriteArrayList<>();

        Rollout last() {
            return rollouts.isEmpty() ? null : rollouts.get(rollouts.size() - 1);
        }
    }

    /** An event the service shows once its time has come. */
    private record TimedEvent(String id, long at, double epochSeconds, String message) {
    }

    /** One rolling deployment: from one revision to another, with the times (nanoTime) of its steps. */
    private static final class Rollout {
        final String id;
        final String fromId;
        final String from;
        final int oldTasks;
        final long started;
        final double startedEpoch;
        final long running;
        final long healthy;
        final long drained;
        final List<TimedEvent> events = new ArrayList<>();

        Rollout(String id, String fromId, String from, int oldTasks, long started, long running, long healthy,
                long drained) {
            this.id = id;
            this.fromId = fromId;
            this.from = from;
            this.oldTasks = oldTasks;
            this.started = started;
            this.startedEpoch = System.currentTimeMillis() / 1000.0;
            this.running = running;
            this.healthy = healthy;
            this.drained = drained;
        }

        void event(long at, String message) {
            events.add(new TimedEvent(UUID.randomUUID().toString(), at,
                    startedEpoch + (at - started) / 1e9, message));
        }

        double epochAt(long at) {
            return startedEpoch + (at - started) / 1e9;
        }
    }

    RollingDeployments(EmulatorSettings settings, Duration tasksStart) {
        this.settings = settings;
        this.tasksStart = tasksStart;
    }

    private long scaled(int seconds) {
        return settings.scaled(Duration.ofSeconds(seconds)).toNanos();
    }

    // --- target groups (query protocol) ---

    /** A target group created: its health check timing as asked. */
    void targetGroupCreated(AwsRequest request, String arn) {
        TargetGroup group = targetGroups.computeIfAbsent(arn, a -> new TargetGroup());
        healthChecks(request, group);
    }

    /** A target group's health checks or attributes changed. */
    void targetGroupModified(AwsRequest request) {
        String arn = request.param("TargetGroupArn");
        if (arn == null) {
            return;
        }
        TargetGroup group = targetGroups.computeIfAbsent(arn, a -> new TargetGroup());
        healthChecks(request, group);
        for (int i = 1; request.param("Attributes.member." + i + ".Key") != null; i++) {
            if ("deregistration_delay.timeout_seconds".equals(request.param("Attributes.member." + i + ".Key"))) {
                group.deregistrationDelay = intOr(request.param("Attributes.member." + i + ".Value"),
                        group.deregistrationDelay);
            }
        }
    }

    private static void healthChecks(AwsRequest request, TargetGroup group) {
        group.interval = intOr(request.param("HealthCheckIntervalSeconds"), group.interval);
        group.healthyThreshold = intOr(request.param("HealthyThresholdCount"), group.healthyThreshold);
    }

    private static int intOr(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    // --- services (JSON protocol) ---

    /** A service created: its revision and the deployment configuration it was asked for. */
    void created(AwsRequest request, JsonNode answer) {
        JsonNode service = answer.path("service");
        ServiceHistory history = new ServiceHistory();
        history.taskDefinition = service.path("taskDefinition").asText(null);
        history.desired = service.path("desiredCount").asInt();
        history.deploymentConfiguration = request.json().get("deploymentConfiguration");
        services.put(service.path("serviceName").asText(), history);
    }

    /**
     * A service updated: when its task definition changed, a rolling deployment starts now. Returns whether
     * one did (its tasks then start as the deployment says, not all at once).
     */
    boolean updated(AwsRequest request, JsonNode answer) {
        JsonNode service = answer.path("service");
        String name = service.path("serviceName").asText();
        ServiceHistory history = services.computeIfAbsent(name, n -> new ServiceHistory());
        if (request.json().has("deploymentConfiguration")) {
            history.deploymentConfiguration = request.json().get("deploymentConfiguration");
        }
        String next = service.path("taskDefinition").asText(null);
        int desired = service.path("desiredCount").asInt();
        boolean known = history.taskDefinition != null;
        // A service created before the emulator watched: moto's one deployment still names its first revision.
        String previous = known ? history.taskDefinition : service.path("deployments").path(0).path("taskDefinition")
                .asText(null);
        int before = known ? history.desired : service.path("runningCount").asInt(desired);
        history.taskDefinition = next;
        history.desired = desired;
        boolean forced = request.json().path("forceNewDeployment").asBoolean(false);
        if (next == null || previous == null || next.equals(previous) && !forced || desired == 0) {
            return false;
        }
        String group = targetGroupOf(service);
        TargetGroup timing = group == null ? null : targetGroups.computeIfAbsent(group, g -> new TargetGroup());
        long start = System.nanoTime();
        long running = start + settings.scaled(tasksStart).toNanos();
        // Without a load balancer ECS stops the old tasks as soon as the new ones run: nothing to check or drain.
        long healthy = running + (timing == null ? 0 : scaled(timing.interval * timing.healthyThreshold));
        long drained = healthy + (timing == null ? 0 : scaled(timing.deregistrationDelay));
        Rollout last = history.last();
        String fromId = last != null ? last.id : history.deploymentId != null ? history.deploymentId
                : firstDeploymentId(service);
        Rollout rollout = new Rollout("ecs-svc/" + digits(19), fromId, previous, before, start, running, healthy,
                drained);
        String tag = "(service " + name + ")";
        rollout.event(start, tag + " has started " + desired + " tasks: " + tasks(desired) + ".");
        if (group != null) {
            rollout.event(running, tag + " registered " + desired + " targets in (target-group " + group + ")");
        }
        if (before > 0) {
            if (group != null) {
                rollout.event(healthy, tag + " has begun draining connections on " + before + " tasks.");
                rollout.event(healthy, tag + " deregistered " + before + " targets in (target-group " + group + ")");
            }
            rollout.event(drained, tag + " has stopped " + before + " running tasks: " + tasks(before) + ".");
        }
        rollout.event(drained, tag + " (deployment " + rollout.id + ") deployment completed.");
        rollout.event(drained, tag + " has reached a steady state.");
        history.rollouts.add(rollout);
        return true;
    }

    private static String targetGroupOf(JsonNode service) {
        for (JsonNode balancer : service.path("loadBalancers")) {
            String arn = balancer.path("targetGroupArn").asText("");
            if (!arn.isEmpty()) {
                return arn;
            }
        }
        return null;
    }

    private static String firstDeploymentId(JsonNode service) {
        for (JsonNode deployment : service.path("deployments")) {
            return deployment.path("id").asText(null);
        }
        return null;
    }

    private static String digits(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(ThreadLocalRandom.current().nextInt(10));
        }
        return text.toString();
    }

    private static String tasks(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append("(task ")
                    .append(UUID.randomUUID().toString().replace("-", "")).append(")");
        }
        return text.toString();
    }

    /** Whether the service has been moved to a new revision since the emulator saw it created. */
    boolean rolledOut(JsonNode service) {
        ServiceHistory history = services.get(service.path("serviceName").asText());
        return history != null && history.last() != null && "ACTIVE".equals(service.path("status").asText("ACTIVE"));
    }

    /**
     * Rewrites one service of an ECS answer as AWS would show it now: its deployment configuration, and its
     * deployments, counts and events while (and after) a rollout. Returns whether anything changed.
     */
    boolean rewrite(ObjectNode service) {
        ServiceHistory history = services.get(service.path("serviceName").asText());
        if (history == null) {
            return false;
        }
        boolean changed = false;
        if (history.deploymentConfiguration != null && !service.has("deploymentConfiguration")) {
            service.set("deploymentConfiguration", history.deploymentConfiguration.deepCopy());
            changed = true;
        }
        if (history.deploymentId == null) {
            history.deploymentId = firstDeploymentId(service);
        }
        Rollout rollout = history.last();
        if (rollout == null || !"ACTIVE".equals(service.path("status").asText("ACTIVE"))) {
            return changed;
        }
        long now = System.nanoTime();
        int desired = service.path("desiredCount").asInt();
        JsonNode template = service.path("deployments").path(0);
        ObjectNode primary = template.isObject() ? ((ObjectNode) template).deepCopy() : NODES.objectNode();
        boolean done = now >= rollout.drained;
        boolean started = now >= rollout.running;
        primary.put("id", rollout.id).put("status", "PRIMARY")
                .put("taskDefinition", service.path("taskDefinition").asText())
                .put("desiredCount", desired).put("pendingCount", started ? 0 : desired)
                .put("runningCount", started ? desired : 0).put("failedTasks", 0)
                .put("createdAt", rollout.startedEpoch)
                .put("updatedAt", rollout.epochAt(done ? rollout.drained : now))
                .put("rolloutState", done ? "COMPLETED" : "IN_PROGRESS")
                .put("rolloutStateReason", "ECS deployment " + rollout.id + (done ? " completed." : " in progress."));
        ArrayNode deployments = NODES.arrayNode().add(primary);
        int oldRunning = 0;
        if (!done && rollout.oldTasks > 0) {
            boolean draining = now >= rollout.healthy;
            ObjectNode active = template.isObject() ? ((ObjectNode) template).deepCopy() : NODES.objectNode();
            oldRunning = rollout.oldTasks; // draining tasks still run until the delay ends
            active.put("id", rollout.fromId == null ? "ecs-svc/" + digits(19) : rollout.fromId).put("status", "ACTIVE")
                    .put("taskDefinition", rollout.from).put("desiredCount", draining ? 0 : rollout.oldTasks)
                    .put("pendingCount", 0).put("runningCount", oldRunning).put("failedTasks", 0)
                    .put("updatedAt", rollout.epochAt(draining ? rollout.healthy : rollout.started))
                    .put("rolloutState", "COMPLETED")
                    .put("rolloutStateReason", "ECS deployment " + rollout.fromId + " completed.");
            deployments.add(active);
        }
        service.set("deployments", deployments);
        service.put("runningCount", (started ? desired : 0) + oldRunning).put("pendingCount", started ? 0 : desired);
        service.set("events", events(service.path("events"), history, now));
        return true;
    }

    /** The events due by {@code now}, newest first, after moto's own; AWS keeps the last 100. */
    private static ArrayNode events(JsonNode motoEvents, ServiceHistory history, long now) {
        List<ObjectNode> all = new ArrayList<>();
        motoEvents.forEach(e -> {
            if (e instanceof ObjectNode event) {
                all.add(event);
            }
        });
        for (Rollout rollout : history.rollouts) {
            for (TimedEvent event : rollout.events) {
                if (event.at() <= now) {
                    all.add(NODES.objectNode().put("id", event.id()).put("createdAt", event.epochSeconds())
                            .put("message", event.message()));
                }
            }
        }
        // Stable sort: events of the same moment keep their order, newest moment first.
        List<ObjectNode> ordered = new ArrayList<>(all);
        java.util.Collections.reverse(ordered);
        ordered.sort(Comparator.comparingDouble((ObjectNode e) -> e.path("createdAt").asDouble()).reversed());
        ArrayNode array = NODES.arrayNode();
        ordered.stream().limit(100).forEach(array::add);
        return array;
    }
}
