package dev.labconsole.lab;

import dev.labconsole.aws.AwsErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * What the load balancer thinks of each of the service's tasks: the target group's health per target,
 * with the ECS task each target address belongs to. The answer to "why does the ALB say 503?".
 */
public final class LabTargets {

    /**
     * One target as the load balancer sees it.
     *
     * @param address the target's id (a task's private IP for Fargate)
     * @param port the port the load balancer sends traffic to
     * @param task the ECS task behind the address (its short id), or "" when none is known
     * @param state healthy, unhealthy, initial, draining, unused or unavailable
     * @param reason AWS's reason code ("" when healthy)
     * @param description AWS's explanation ("" when healthy)
     */
    public record TargetHealth(String address, int port, String task, String state, String reason,
            String description) {

        public boolean healthy() {
            return "healthy".equals(state);
        }

        @Override
        public String toString() {
            String who = task.isEmpty() ? address + ":" + port : "task " + task + " (" + address + ":" + port + ")";
            String why = description.isEmpty() ? reason : description;
            return who + ": " + state + (why.isEmpty() ? "" : " - " + why);
        }
    }

    private final ElasticLoadBalancingV2Client elb;
    private final EcsClient ecs;
    private final LabState state;

    public LabTargets(LabEngine engine) {
        this(engine.context().aws().elb(), engine.context().aws().ecs(), engine.state());
    }

    LabTargets(ElasticLoadBalancingV2Client elb, EcsClient ecs, LabState state) {
        this.elb = elb;
        this.ecs = ecs;
        this.state = state;
    }

    /**
     * Each registered target's health; empty when the service has registered none yet.
     *
     * @throws IllegalStateException when the lab has no target group yet
     */
    public List<TargetHealth> health() {
        String targetGroup = state.get(ResourceKey.TARGET_GROUP).orElseThrow(() -> new IllegalStateException(
                "The lab has no target group yet: create the load balancer first (Load balancer page)."));
        List<TargetHealthDescription> descriptions;
        try {
            descriptions = elb.describeTargetHealth(b -> b.targetGroupArn(targetGroup)).targetHealthDescriptions();
        } catch (SdkException e) {
            throw AwsErrors.explain("reading the target group's health", e);
        }
        Map<String, String> taskByAddress = descriptions.isEmpty() ? Map.of() : tasksByAddress();
        List<TargetHealth> targets = new ArrayList<>();
        for (TargetHealthDescription d : descriptions) {
            String address = d.target().id();
            targets.add(new TargetHealth(address, d.target().port() == null ? 0 : d.target().port(),
                    taskByAddress.getOrDefault(address, ""),
                    d.targetHealth().stateAsString() == null ? "unknown" : d.targetHealth().stateAsString(),
                    Optional.ofNullable(d.targetHealth().reasonAsString()).orElse(""),
                    Optional.ofNullable(d.targetHealth().description()).orElse("")));
        }
        return List.copyOf(targets);
    }

    // The task behind an address is a nicety on top of the health itself: if ECS cannot be read
    // (no service yet, a narrower role), the targets are still shown, by address only.
    private Map<String, String> tasksByAddress() {
        Optional<String> cluster = state.get(ResourceKey.CLUSTER);
        Optional<String> service = state.get(ResourceKey.SERVICE);
        if (cluster.isEmpty() || service.isEmpty()) {
            return Map.of();
        }
        try {
            String serviceName = Arns.lastPart(service.get());
            List<String> arns = ecs.listTasks(b -> b.cluster(cluster.get()).serviceName(serviceName)).taskArns();
            if (arns.isEmpty()) {
                return Map.of();
            }
            return addressesOf(ecs.describeTasks(b -> b.cluster(cluster.get()).tasks(arns)).tasks());
        } catch (SdkException e) {
            return Map.of();
        }
    }

    /** Each task's private address (from its network interface attachment) to the task's short id. */
    static Map<String, String> addressesOf(List<Task> tasks) {
        Map<String, String> byAddress = new HashMap<>();
        for (Task task : tasks) {
            String shortId = Arns.lastPart(task.taskArn());
            for (Attachment attachment : task.attachments()) {
                for (KeyValuePair detail : attachment.details()) {
                    if ("privateIPv4Address".equals(detail.name())) {
                        byAddress.put(detail.value(), shortId);
                    }
                }
            }
        }
        return byAddress;
    }
}
