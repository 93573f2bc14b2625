package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Looks up one recorded id: whether it still exists and which tags it carries. The engine uses it to
 * drop ids that point at nothing (a restarted emulator, a resource deleted in the AWS Console) and to
 * tell what Lab Console built for a lab (tagged {@code labconsole:lab}) from the student's own.
 */
final class ResourceProbe {

    /** What the lookup found: whether it exists, and its tags (empty when the service keeps none). */
    record Probe(boolean exists, Map<String, String> tags) {
        static final Probe GONE = new Probe(false, Map.of());
    }

    private final AwsClients aws;

    ResourceProbe(AwsClients aws) {
        this.aws = aws;
    }

    /** The probe of {@code id} recorded under {@code key}; empty for kinds this cannot look up. */
    Optional<Probe> probe(ResourceKey key, String id, Map<ResourceKey, String> recorded) {
        try {
            return Optional.ofNullable(switch (key) {
                case VPC -> ec2(aws.ec2().describeVpcs(r -> r.filters(filter("vpc-id", id))).vpcs().stream()
                        .map(v -> v.tags()).findFirst());
                case PUBLIC_SUBNET_1, PUBLIC_SUBNET_2, PRIVATE_SUBNET_1, PRIVATE_SUBNET_2 -> ec2(aws.ec2()
                        .describeSubnets(r -> r.filters(filter("subnet-id", id))).subnets().stream()
                        .map(s -> s.tags()).findFirst());
                case INTERNET_GATEWAY -> ec2(aws.ec2().describeInternetGateways(r -> r.filters(
                        filter("internet-gateway-id", id))).internetGateways().stream().map(g -> g.tags()).findFirst());
                case PUBLIC_ROUTE_TABLE, PRIVATE_ROUTE_TABLE, PRIVATE_ROUTE_TABLE_2 -> ec2(aws.ec2().describeRouteTables(r -> r.filters(
                        filter("route-table-id", id))).routeTables().stream().map(t -> t.tags()).findFirst());
                case ALB_SECURITY_GROUP, TASK_SECURITY_GROUP -> ec2(aws.ec2().describeSecurityGroups(r -> r.filters(
                        filter("group-id", id))).securityGroups().stream().map(g -> g.tags()).findFirst());
                // The emulator ignores DescribeNatGateways filters: match the id here. A deleted NAT gateway
                // stays listed for an hour in the "deleted" state.
                case NAT_GATEWAY -> ec2(aws.ec2().describeNatGatewaysPaginator(r -> { }).natGateways().stream()
                        .filter(n -> id.equals(n.natGatewayId()) && !"deleted".equals(n.stateAsString())
                                && !"deleting".equals(n.stateAsString()))
                        .map(n -> n.tags()).findFirst());
                case ELASTIC_IP -> ec2(aws.ec2().describeAddresses().addresses().stream()
                        .filter(a -> id.equals(a.allocationId())).map(a -> a.tags()).findFirst());
                case LOAD_BALANCER, TARGET_GROUP -> elb(id);
                case LISTENER -> aws.elb().describeListeners(r -> r.listenerArns(id)).listeners().isEmpty() ? Probe.GONE
                        : new Probe(true, Map.of());
                case CLUSTER -> aws.ecs().describeClusters(r -> r.clusters(id).includeWithStrings("TAGS")).clusters()
                        .stream().filter(c -> "ACTIVE".equals(c.status())).findFirst()
                        .map(c -> new Probe(true, ecsTags(c.tags()))).orElse(Probe.GONE);
                case SERVICE -> recorded.containsKey(ResourceKey.CLUSTER) ? aws.ecs().describeServices(r -> r
                        .cluster(recorded.get(ResourceKey.CLUSTER)).services(id).includeWithStrings("TAGS")).services()
                        .stream().filter(s -> "ACTIVE".equals(s.status())).findFirst()
                        .map(s -> new Probe(true, ecsTags(s.tags()))).orElse(Probe.GONE) : null;
                case LOG_GROUP -> logGroup(id);
                case TASK_DEFINITION -> taskDefinition(id);
                case TASK_ROLE, EXECUTION_ROLE -> role(id);
                case BUCKET -> bucket(id);
                case REPOSITORY_URI -> repository(id);
                default -> null;
            });
        } catch (RuntimeException e) {
            if (AwsErrors.hasCode(e, "LoadBalancerNotFound", "TargetGroupNotFound", "ListenerNotFound",
                    "ClusterNotFoundException", "ServiceNotFoundException", "RepositoryNotFoundException",
                    "NoSuchBucket", "NotFound", "InvalidAllocationID.NotFound", "NoSuchEntity", "ResourceNotFoundException")) {
                return Optional.of(Probe.GONE);
            }
            throw e;
        }
    }

    private static Probe ec2(Optional<List<Tag>> tags) {
        if (tags.isEmpty()) {
            return Probe.GONE;
        }
        Map<String, String> map = new HashMap<>();
        tags.get().forEach(t -> map.put(t.key(), t.value()));
        return new Probe(true, map);
    }

    private static Map<String, String> ecsTags(List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
        Map<String, String> map = new HashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    private Probe elb(String arn) {
        boolean exists = arn.contains(":targetgroup/")
                ? !aws.elb().describeTargetGroups(r -> r.targetGroupArns(arn)).targetGroups().isEmpty()
                : !aws.elb().describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().isEmpty();
        if (!exists) {
            return Probe.GONE;
        }
        Map<String, String> map = new HashMap<>();
        aws.elb().describeTags(r -> r.resourceArns(arn)).tagDescriptions()
                .forEach(d -> d.tags().forEach(t -> map.put(t.key(), t.value())));
        return new Probe(true, map);
    }

    private Probe bucket(String name) {
        try {
            aws.s3().headBucket(r -> r.bucket(name));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return Probe.GONE;
            }
            throw e;
        }
        Map<String, String> map = new HashMap<>();
        try {
            aws.s3().getBucketTagging(r -> r.bucket(name)).tagSet().forEach(t -> map.put(t.key(), t.value()));
        } catch (RuntimeException e) {
            if (!AwsErrors.hasCode(e, "NoSuchTagSet", "NoSuchTagSetError")) {
                throw e;
            }
        }
        return new Probe(true, map);
    }

    private Probe repository(String uri) {
        String name = uri.substring(uri.indexOf('/') + 1);
        var found = aws.ecr().describeRepositories(r -> r.repositoryNames(name)).repositories();
        if (found.isEmpty()) {
            return Probe.GONE;
        }
        Map<String, String> map = new HashMap<>();
        aws.ecr().listTagsForResource(r -> r.resourceArn(found.get(0).repositoryArn())).tags()
                .forEach(t -> map.put(t.key(), t.value()));
        return new Probe(true, map);
    }

    @SuppressWarnings("deprecation") // ListTagsForResource needs the group's ARN, which the state does not keep
    private Probe logGroup(String name) {
        boolean exists = aws.logs().describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .anyMatch(g -> g.logGroupName().equals(name));
        return exists ? new Probe(true, aws.logs().listTagsLogGroup(r -> r.logGroupName(name)).tags()) : Probe.GONE;
    }

    private Probe taskDefinition(String arn) {
        try {
            var described = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(arn).includeWithStrings("TAGS"));
            // A deregistered revision stays describable for a while as INACTIVE: it no longer runs anything.
            return "ACTIVE".equals(described.taskDefinition().statusAsString())
                    ? new Probe(true, ecsTags(described.tags())) : Probe.GONE;
        } catch (software.amazon.awssdk.services.ecs.model.ClientException e) {
            // ECS answers a task definition it does not know with a plain ClientException.
            if (String.valueOf(e.getMessage()).contains("Unable to describe task definition")) {
                return Probe.GONE;
            }
            throw e;
        }
    }

    private Probe role(String arn) {
        String name = Arns.lastPart(arn);
        software.amazon.awssdk.services.iam.model.Role role;
        try {
            role = aws.iam().getRole(r -> r.roleName(name)).role();
        } catch (RuntimeException e) {
            if (AwsErrors.hasCode(e, "AccessDenied", "AccessDeniedException")) {
                return null; // some accounts (AWS Academy) may not read roles: unknown, so nothing is dropped
            }
            throw e;
        }
        Map<String, String> map = new HashMap<>();
        role.tags().forEach(t -> map.put(t.key(), t.value()));
        return new Probe(true, map);
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
