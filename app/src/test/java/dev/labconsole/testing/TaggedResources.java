package dev.labconsole.testing;

import dev.labconsole.aws.AwsClients;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;

/** What exists of a lab in the emulator, counted by kind through raw SDK calls, independent of the engine. */
public final class TaggedResources {

    private static final String LAB_TAG = dev.labconsole.lab.LabContext.LAB_TAG;

    private TaggedResources() {
    }

    /** Everything tagged with the lab, counted by kind through raw SDK calls. */
    public static Map<String, Integer> count(AwsClients aws, String lab) {
        Filter tag = Filter.builder().name("tag:" + LAB_TAG).values(lab).build();
        Map<String, Integer> counts = new java.util.TreeMap<>();
        counts.put("vpc", aws.ec2().describeVpcs(r -> r.filters(tag)).vpcs().size());
        counts.put("subnet", aws.ec2().describeSubnets(r -> r.filters(tag)).subnets().size());
        counts.put("igw", aws.ec2().describeInternetGateways(r -> r.filters(tag)).internetGateways().size());
        counts.put("route table", aws.ec2().describeRouteTables(r -> r.filters(tag)).routeTables().size());
        // moto ignores DescribeNatGateways' filters: check the tag here.
        counts.put("nat", (int) aws.ec2().describeNatGateways().natGateways().stream()
                .filter(n -> n.state() != NatGatewayState.DELETED)
                .filter(n -> n.tags().stream().anyMatch(t -> t.key().equals(LAB_TAG) && t.value().equals(lab)))
                .count());
        counts.put("eip", aws.ec2().describeAddresses(r -> r.filters(tag)).addresses().size());
        counts.put("security group", aws.ec2().describeSecurityGroups(r -> r.filters(tag)).securityGroups().size());
        counts.put("load balancer", (int) aws.elb().describeLoadBalancers().loadBalancers().stream()
                .filter(l -> l.loadBalancerName().equals(lab + "-alb")).count());
        counts.put("target group", (int) aws.elb().describeTargetGroups().targetGroups().stream()
                .filter(t -> t.targetGroupName().equals(lab + "-tg")).count());
        // A deleted service stays visible as INACTIVE for a while (on AWS too): only ACTIVE ones count.
        counts.put("service", (int) aws.ecs().listClusters().clusterArns().stream()
                .filter(a -> a.endsWith("/" + lab + "-cluster"))
                .flatMap(c -> {
                    List<String> arns = aws.ecs().listServices(r -> r.cluster(c)).serviceArns();
                    return arns.isEmpty() ? java.util.stream.Stream.empty()
                            : aws.ecs().describeServices(r -> r.cluster(c).services(arns)).services().stream();
                })
                .filter(s -> "ACTIVE".equals(s.status())).count());
        counts.put("bucket", (int) aws.s3().listBuckets().buckets().stream()
                .filter(b -> b.name().startsWith(lab + "-models-")).count());
        counts.put("repository", (int) aws.ecr().describeRepositories().repositories().stream()
                .filter(r -> r.repositoryName().equals(lab)).count());
        return counts;
    }

    /** Whether nothing of {@code lab} is left. */
    public static boolean none(AwsClients aws, String lab) {
        return count(aws, lab).values().stream().allMatch(n -> n == 0);
    }
}
