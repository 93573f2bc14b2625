package dev.labconsole.lab.steps;

import dev.labconsole.lab.LabContext;
import java.util.List;
import java.util.Map;

/**
 * The lab's tags (Name and {@code labconsole:lab}) in the tag types of Elastic Load Balancing, ECS
 * and IAM, and checks whether a resource carries the lab's tag.
 */
final class ContainerTags {

    private ContainerTags() {
    }

    static List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag> elb(LabContext context, String name) {
        return context.tags(name).entrySet().stream()
                .map(e -> software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder()
                        .key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static List<software.amazon.awssdk.services.ecs.model.Tag> ecs(LabContext context, String name) {
        return context.tags(name).entrySet().stream()
                .map(e -> software.amazon.awssdk.services.ecs.model.Tag.builder()
                        .key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static List<software.amazon.awssdk.services.iam.model.Tag> iam(LabContext context, String name) {
        return context.tags(name).entrySet().stream()
                .map(e -> software.amazon.awssdk.services.iam.model.Tag.builder()
                        .key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    /** CloudWatch Logs takes tags as a plain map. */
    static Map<String, String> logs(LabContext context, String name) {
        return context.tags(name);
    }

    /**
     * Whether the load balancer or target group {@code arn} carries the lab's tag. Only "not found"
     * means no: any other error (access denied, an expired token, throttling) is thrown, so teardown
     * and the inventory never skip a resource they could not look at.
     */
    static boolean elbTagged(LabContext context, String arn) {
        try {
            return context.aws().elb().describeTags(r -> r.resourceArns(arn)).tagDescriptions().stream()
                    .flatMap(d -> d.tags().stream())
                    .anyMatch(t -> t.key().equals(LabContext.LAB_TAG) && t.value().equals(context.config().lab()));
        } catch (RuntimeException e) {
            if (dev.labconsole.aws.AwsErrors.hasCode(e, "LoadBalancerNotFound", "TargetGroupNotFound")) {
                return false;
            }
            throw e;
        }
    }

    static boolean ecsTagged(LabContext context, List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
        return tags != null && tags.stream()
                .anyMatch(t -> LabContext.LAB_TAG.equals(t.key()) && context.config().lab().equals(t.value()));
    }

    static boolean iamTagged(LabContext context, List<software.amazon.awssdk.services.iam.model.Tag> tags) {
        return tags != null && tags.stream()
                .anyMatch(t -> LabContext.LAB_TAG.equals(t.key()) && context.config().lab().equals(t.value()));
    }

    /** The CLI's {@code --tags} argument for ELB, ECS and IAM commands. */
    static String cliTags(LabContext context, String name, String keyWord, String valueWord) {
        return context.tags(name).entrySet().stream()
                .map(e -> keyWord + "=" + e.getKey() + "," + valueWord + "=" + e.getValue())
                .reduce((a, b) -> a + " " + b).orElse("");
    }
}
