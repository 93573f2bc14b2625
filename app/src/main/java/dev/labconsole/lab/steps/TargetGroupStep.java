package dev.labconsole.lab.steps;

import dev.labconsole.aws.Retry;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.ServiceTiming;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The target group {@code <lab>-tg}: HTTP on the container port, target type ip (Fargate tasks
 * register by their private address), health checks on the lab's health path.
 */
public final class TargetGroupStep implements Step {

    static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";

    @Override
    public StepId id() {
        return StepId.TARGET_GROUP;
    }

    String name(LabContext context) {
        return context.name("tg");
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "aws elbv2 create-target-group --name " + name(context) + " --protocol HTTP --port "
                + context.config().containerPort() + " --target-type ip --vpc-id <vpc-id> --health-check-protocol HTTP"
                + " --health-check-path " + context.config().healthCheckPath() + " --matcher HttpCode=200"
                + " --health-check-interval-seconds " + ServiceTiming.HEALTH_CHECK_INTERVAL_SECONDS
                + " --health-check-timeout-seconds " + ServiceTiming.HEALTH_CHECK_TIMEOUT_SECONDS
                + " --healthy-threshold-count " + ServiceTiming.HEALTHY_THRESHOLD
                + " --unhealthy-threshold-count " + ServiceTiming.UNHEALTHY_THRESHOLD + " --tags "
                + ContainerTags.cliTags(context, name(context), "Key", "Value") + "\n"
                + "aws elbv2 modify-target-group-attributes --target-group-arn <" + name(context) + "-arn>"
                + " --attributes Key=" + DEREGISTRATION_DELAY + ",Value=" + ServiceTiming.DEREGISTRATION_DELAY_SECONDS;
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<TargetGroup> found = find(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        return found.get().targetGroupArn().equals(context.state().get(ResourceKey.TARGET_GROUP).orElse(null))
                ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /** The recorded target group if it still exists, else the one named {@code <lab>-tg} (names are unique). */
    Optional<TargetGroup> find(LabContext context) {
        Optional<String> recorded = context.state().get(ResourceKey.TARGET_GROUP);
        if (recorded.isPresent()) {
            try {
                List<TargetGroup> groups = context.aws().elb().describeTargetGroups(r -> r.targetGroupArns(recorded.get()))
                        .targetGroups();
                if (!groups.isEmpty()) {
                    return Optional.of(groups.get(0));
                }
            } catch (TargetGroupNotFoundException e) {
                // Deleted outside the lab: look it up by name.
            }
        }
        try {
            return context.aws().elb().describeTargetGroups(r -> r.names(name(context))).targetGroups().stream().findFirst();
        } catch (TargetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void apply(LabContext context) {
        Optional<TargetGroup> found = find(context);
        String arn;
        if (found.isPresent()) {
            arn = found.get().targetGroupArn();
            if (!context.state().get(ResourceKey.TARGET_GROUP).map(arn::equals).orElse(false)) {
                context.resource(id(), "adopted " + name(context) + " (" + arn + ")");
            }
            if (!healthChecksAsTimed(found.get())) {
                context.aws().elb().modifyTargetGroup(r -> r.targetGroupArn(arn)
                        .healthCheckIntervalSeconds(ServiceTiming.HEALTH_CHECK_INTERVAL_SECONDS)
                        .healthCheckTimeoutSeconds(ServiceTiming.HEALTH_CHECK_TIMEOUT_SECONDS)
                        .healthyThresholdCount(ServiceTiming.HEALTHY_THRESHOLD)
                        .unhealthyThresholdCount(ServiceTiming.UNHEALTHY_THRESHOLD));
                context.resource(id(), "updated " + name(context) + "'s health checks: " + timing());
            }
        } else {
            String vpcId = context.state().require(ResourceKey.VPC, StepId.VPC);
            arn = CreateOnce.create(context, () -> find(context).map(TargetGroup::targetGroupArn),
                    once -> context.aws().elb().createTargetGroup(r -> r.overrideConfiguration(once).name(name(context))
                    .protocol(ProtocolEnum.HTTP).port(context.config().containerPort()).vpcId(vpcId)
                    .targetType(TargetTypeEnum.IP).healthCheckEnabled(true).healthCheckProtocol(ProtocolEnum.HTTP)
                    .healthCheckPath(context.config().healthCheckPath()).matcher(m -> m.httpCode("200"))
                    .healthCheckIntervalSeconds(ServiceTiming.HEALTH_CHECK_INTERVAL_SECONDS)
                    .healthCheckTimeoutSeconds(ServiceTiming.HEALTH_CHECK_TIMEOUT_SECONDS)
                    .healthyThresholdCount(ServiceTiming.HEALTHY_THRESHOLD)
                    .unhealthyThresholdCount(ServiceTiming.UNHEALTHY_THRESHOLD)
                    .tags(ContainerTags.elb(context, name(context)))).targetGroups().get(0).targetGroupArn(),
                    "InvalidVpcID.NotFound");
            context.resource(id(), "created " + name(context) + " (HTTP " + context.config().containerPort()
                    + ", target type ip, health check " + context.config().healthCheckPath() + ", " + timing() + ")");
        }
        context.state().put(ResourceKey.TARGET_GROUP, arn);
        if (deregistrationDelay(context, arn).filter(d -> d == ServiceTiming.DEREGISTRATION_DELAY_SECONDS).isEmpty()) {
            context.aws().elb().modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(a -> a
                    .key(DEREGISTRATION_DELAY).value(String.valueOf(ServiceTiming.DEREGISTRATION_DELAY_SECONDS))));
        }
    }

    /** Whether the group checks health as {@link ServiceTiming} says (interval, timeout, thresholds). */
    static boolean healthChecksAsTimed(TargetGroup group) {
        return Integer.valueOf(ServiceTiming.HEALTH_CHECK_INTERVAL_SECONDS).equals(group.healthCheckIntervalSeconds())
                && Integer.valueOf(ServiceTiming.HEALTH_CHECK_TIMEOUT_SECONDS).equals(group.healthCheckTimeoutSeconds())
                && Integer.valueOf(ServiceTiming.HEALTHY_THRESHOLD).equals(group.healthyThresholdCount())
                && Integer.valueOf(ServiceTiming.UNHEALTHY_THRESHOLD).equals(group.unhealthyThresholdCount());
    }

    /** The group's deregistration delay in seconds; empty when it cannot be read. */
    static Optional<Integer> deregistrationDelay(LabContext context, String arn) {
        return context.aws().elb().describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes().stream()
                .filter(a -> DEREGISTRATION_DELAY.equals(a.key())).findFirst().map(a -> Integer.valueOf(a.value()));
    }

    private static String timing() {
        return "every " + ServiceTiming.HEALTH_CHECK_INTERVAL_SECONDS + " s, healthy after "
                + ServiceTiming.HEALTHY_THRESHOLD + ", unhealthy after " + ServiceTiming.UNHEALTHY_THRESHOLD
                + ", timeout " + ServiceTiming.HEALTH_CHECK_TIMEOUT_SECONDS + " s";
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        Optional<TargetGroup> found = find(context);
        String text = "target group " + name(context);
        if (found.isEmpty()) {
            result.add(Requirement.unmet(id(), text, "no such target group: create it (Load balancer > Create) or name"
                    + " yours " + name(context)));
            return result;
        }
        TargetGroup group = found.get();
        context.state().put(ResourceKey.TARGET_GROUP, group.targetGroupArn());
        result.add(Requirement.met(id(), text, group.targetGroupArn()));
        int port = context.config().containerPort();
        boolean http = group.protocol() == ProtocolEnum.HTTP && group.port() != null && group.port() == port;
        result.add(Requirement.check(id(), "target group uses HTTP on port " + port, http,
                group.protocolAsString() + " " + group.port()));
        result.add(Requirement.check(id(), "target group's target type is ip (required by Fargate's awsvpc mode)",
                group.targetType() == TargetTypeEnum.IP, String.valueOf(group.targetTypeAsString())));
        String path = context.config().healthCheckPath();
        result.add(Requirement.check(id(), "target group health check path is " + path,
                path.equals(group.healthCheckPath()), String.valueOf(group.healthCheckPath())));
        context.state().get(ResourceKey.VPC).ifPresent(vpc -> result.add(Requirement.check(id(),
                "target group is in the lab's VPC", vpc.equals(group.vpcId()), String.valueOf(group.vpcId()))));
        // Timing is advice, not a requirement: AWS's defaults work, only more slowly.
        result.add(Requirement.met(id(), "target group's health checks (advice)", healthChecksAsTimed(group)
                ? timing() : "advice: every " + group.healthCheckIntervalSeconds() + " s, healthy after "
                        + group.healthyThresholdCount() + ", unhealthy after " + group.unhealthyThresholdCount()
                        + "; Create again sets " + timing() + ", so a ready task takes traffic sooner"));
        Optional<Integer> delay = deregistrationDelay(context, group.targetGroupArn());
        result.add(Requirement.met(id(), "target group's deregistration delay (advice)",
                delay.filter(d -> d <= ServiceTiming.DEREGISTRATION_DELAY_SECONDS).isPresent() ? delay.get() + " s"
                        : "advice: " + delay.map(d -> d + " s").orElse("unknown") + "; Create again sets "
                                + ServiceTiming.DEREGISTRATION_DELAY_SECONDS + " s (the server drains in about 20 s),"
                                + " so teardowns and deployments do not wait 5 minutes per task"));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        Optional<TargetGroup> found = find(context).filter(g -> owned(context, g.targetGroupArn()));
        if (found.isPresent()) {
            String arn = found.get().targetGroupArn();
            // A listener that still forwards to it (being deleted with the load balancer) blocks the delete.
            context.retry().run(() -> {
                try {
                    context.aws().elb().deleteTargetGroup(r -> r.targetGroupArn(arn));
                } catch (TargetGroupNotFoundException e) {
                    // Already gone.
                }
            }, Retry.codes("ResourceInUse"));
            context.resource(id(), "deleted " + name(context));
        }
        context.state().remove(ResourceKey.TARGET_GROUP);
    }

    private boolean owned(LabContext context, String arn) {
        return arn.equals(context.state().get(ResourceKey.TARGET_GROUP).orElse(null))
                || ContainerTags.elbTagged(context, arn);
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return find(context).filter(g -> owned(context, g.targetGroupArn()))
                .map(g -> List.of(new LabResource(id(), "target group", g.targetGroupName(), g.targetGroupArn(),
                        "HTTP " + g.port(), 0)))
                .orElse(List.of());
    }
}
