package dev.labconsole.lab;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lab as it exists in the account, found by what its resources are and how AWS links them, not by
 * their names: read once by {@link LabDiscovery}, judged by {@link LabRequirements}. Plain data; any
 * part may be missing (null), which is what the requirements then report.
 *
 * @param account the account it was read from
 * @param region the region it was read from
 * @param bucket the bucket holding the model, or null
 * @param repository the image's ECR repository, or null
 * @param vpc the lab's VPC, or null
 * @param subnets the VPC's subnets with their roles (public / private / other)
 * @param internetGateway the internet gateway attached to the VPC, or null
 * @param natGateways the VPC's NAT gateways (available or pending)
 * @param loadBalancer the lab's load balancer, or null
 * @param targetGroup the lab's target group, or null
 * @param service the lab's ECS service, or null
 * @param taskDefinition the service's task definition, or null
 * @param loadBalancerGroup the load balancer's security group (the one meant to admit the internet), or null
 * @param taskGroups the service's security groups
 * @param logGroup the log group the task definition writes to, or null
 * @param choices how each part was chosen when several fitted, and how to choose another
 */
public record FoundLab(
        String account,
        String region,
        Bucket bucket,
        Repository repository,
        Vpc vpc,
        List<Subnet> subnets,
        InternetGateway internetGateway,
        List<NatGateway> natGateways,
        LoadBalancer loadBalancer,
        TargetGroup targetGroup,
        Service service,
        TaskDefinition taskDefinition,
        SecurityGroup loadBalancerGroup,
        List<SecurityGroup> taskGroups,
        LogGroup logGroup,
        List<String> choices) {

    public FoundLab {
        subnets = List.copyOf(subnets);
        natGateways = List.copyOf(natGateways);
        taskGroups = List.copyOf(taskGroups);
        choices = List.copyOf(choices);
    }

    /** A subnet's part in the lab, from its default route, what runs in it and the NAT gateway in it. */
    public enum Role { PUBLIC, PRIVATE, OTHER }

    /** What a subnet's effective route table does with 0.0.0.0/0. */
    public enum DefaultRoute { INTERNET_GATEWAY, NAT_GATEWAY, OTHER, NONE }

    /** The model bucket; {@code modelKeys} are the model files found (under the MODEL_URI prefix when there is one). */
    public record Bucket(String name, String prefix, List<String> modelKeys, boolean blocksPublicAccess,
            boolean versioned, String why) {
        public Bucket {
            modelKeys = List.copyOf(modelKeys);
        }
    }

    /**
     * The image repository.
     *
     * @param image the server image found in it ("uri:tag (sha256:...)"), or null when it holds none
     */
    public record Repository(String name, String uri, String encryptionType, boolean scanOnPush, String why,
            String image) {

        public Repository(String name, String uri, String encryptionType, boolean scanOnPush, String why) {
            this(name, uri, encryptionType, scanOnPush, why, null);
        }
    }

    public record Vpc(String id, String name, String cidr, boolean dnsHostnames, String why) {
    }

    /**
     * One subnet of the VPC.
     *
     * @param routeTableId its effective route table (its explicit association, else the VPC's main table)
     * @param defaultRoute where that table sends 0.0.0.0/0
     * @param defaultTarget the gateway id 0.0.0.0/0 goes to, or null
     * @param index 1 or 2 within its role, ordered by zone (0 for {@link Role#OTHER})
     */
    public record Subnet(String id, String name, String cidr, String zone, boolean mapPublicIpOnLaunch,
            String routeTableId, DefaultRoute defaultRoute, String defaultTarget, Role role, int index) {

        /** "public subnet 2 = subnet-0ab.. (my-pub-b, 10.0.2.0/24, us-east-1b)". */
        public String describe() {
            return (role == Role.OTHER ? "other subnet" : role.name().toLowerCase(java.util.Locale.ROOT) + " subnet "
                    + index) + " = " + label();
        }

        /** "subnet-0ab.. (my-pub-b, 10.0.2.0/24, us-east-1b)". */
        public String label() {
            return id + " (" + (name == null ? "" : name + ", ") + cidr + ", " + zone + ")";
        }
    }

    public record InternetGateway(String id, String name) {
    }

    public record NatGateway(String id, String name, String subnetId, String allocationId, String publicIp,
            String state) {
    }

    /** A security group and its inbound rules. */
    public record SecurityGroup(String id, String name, List<Rule> ingress) {
        public SecurityGroup {
            ingress = List.copyOf(ingress);
        }

        public String label() {
            return id + " (" + name + ")";
        }
    }

    /**
     * One inbound rule: protocol "tcp", "udp", "icmp" or "-1" (all), a port range (null for all), and
     * what it admits (IPv4/IPv6 ranges, other groups).
     */
    public record Rule(String protocol, Integer fromPort, Integer toPort, List<String> cidrs, List<String> groupIds) {
        public Rule {
            cidrs = List.copyOf(cidrs);
            groupIds = List.copyOf(groupIds);
        }

        /** Whether this rule admits TCP traffic to {@code port}. */
        public boolean admitsTcp(int port) {
            if ("-1".equals(protocol)) {
                return true;
            }
            return ("tcp".equals(protocol) || "6".equals(protocol)) && fromPort != null && toPort != null
                    && fromPort <= port && port <= toPort;
        }

        /** Whether it admits the whole internet (0.0.0.0/0 or ::/0). */
        public boolean fromAnywhere() {
            return cidrs.contains("0.0.0.0/0") || cidrs.contains("::/0");
        }

        /** "tcp 8000", "tcp 0-65535", "all traffic". */
        public String ports() {
            if ("-1".equals(protocol)) {
                return "all traffic";
            }
            return protocol + " " + fromPort + (java.util.Objects.equals(fromPort, toPort) ? "" : "-" + toPort);
        }
    }

    public record LoadBalancer(String arn, String name, String dnsName, String scheme, String type,
            List<String> subnetIds, List<String> securityGroupIds, List<Listener> listeners, String why) {
        public LoadBalancer {
            subnetIds = List.copyOf(subnetIds);
            securityGroupIds = List.copyOf(securityGroupIds);
            listeners = List.copyOf(listeners);
        }
    }

    /** A listener and the target groups its default action forwards to. */
    public record Listener(String arn, String protocol, int port, List<String> forwardsTo) {
        public Listener {
            forwardsTo = List.copyOf(forwardsTo);
        }
    }

    public record TargetGroup(String arn, String name, String targetType, String protocol, Integer port,
            String healthCheckPath, String vpcId) {
    }

    /** An ECS service with its awsvpc network settings and the target groups it registers with. */
    public record Service(String arn, String name, String clusterArn, String clusterName, int desiredCount,
            int runningCount, String launchType, List<String> subnetIds, List<String> securityGroupIds,
            String assignPublicIp, List<String> targetGroupArns, String why) {
        public Service {
            subnetIds = List.copyOf(subnetIds);
            securityGroupIds = List.copyOf(securityGroupIds);
            targetGroupArns = List.copyOf(targetGroupArns);
        }
    }

    /** The parts of a task definition the lab asks for, read from its (first essential) container. */
    public record TaskDefinition(String arn, List<String> compatibilities, String networkMode, String cpu,
            String memory, String operatingSystem, String cpuArchitecture, List<Integer> containerPorts,
            String taskRoleArn, String executionRoleArn, boolean taskRoleExists, boolean executionRoleExists,
            String image, String logGroupName, String modelUri) {
        public TaskDefinition {
            compatibilities = List.copyOf(compatibilities);
            containerPorts = List.copyOf(containerPorts);
        }
    }

    public record LogGroup(String name, Integer retentionInDays) {
    }

    /**
     * Whether this is recognisably a lab: its load balancer forwards to a target group its ECS service
     * registers with (a VPC with a network alone could be anyone's).
     */
    public boolean linked() {
        return loadBalancer != null && service != null && loadBalancer.listeners().stream()
                .anyMatch(l -> service.targetGroupArns().stream().anyMatch(l.forwardsTo()::contains));
    }

    /**
     * Whether the VPC holds the lab's network on its own (section 3 done, by hand or with the AWS Console's
     * wizard): two public subnets routed to an internet gateway and two private ones routed to a NAT gateway
     * that sits in a public subnet, each pair across two zones.
     */
    public boolean hasLabNetwork() {
        List<Subnet> pub = subnets(Role.PUBLIC).stream().filter(s -> s.defaultRoute() == DefaultRoute.INTERNET_GATEWAY)
                .toList();
        List<Subnet> priv = subnets(Role.PRIVATE).stream().filter(s -> s.defaultRoute() == DefaultRoute.NAT_GATEWAY)
                .toList();
        return internetGateway != null
                && natGateway().filter(n -> pub.stream().anyMatch(s -> s.id().equals(n.subnetId()))).isPresent()
                && pub.stream().map(Subnet::zone).distinct().count() >= 2
                && priv.stream().map(Subnet::zone).distinct().count() >= 2;
    }

    /** The subnets of {@code role}, in index order. */
    public List<Subnet> subnets(Role role) {
        return subnets.stream().filter(s -> s.role() == role)
                .sorted(java.util.Comparator.comparingInt(Subnet::index)).toList();
    }

    public Optional<Subnet> subnet(String id) {
        return subnets.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The NAT gateway the private subnets route to, else the VPC's first. */
    public Optional<NatGateway> natGateway() {
        for (Subnet s : subnets(Role.PRIVATE)) {
            if (s.defaultRoute() == DefaultRoute.NAT_GATEWAY) {
                Optional<NatGateway> routed = natGateways.stream().filter(n -> n.id().equals(s.defaultTarget()))
                        .findFirst();
                if (routed.isPresent()) {
                    return routed;
                }
            }
        }
        return natGateways.stream().findFirst();
    }

    /**
     * The ids the lab's steps record for what was found, for {@code apply} to adopt (one route table per
     * role: the first subnet's).
     */
    public Map<ResourceKey, String> ids() {
        Map<ResourceKey, String> ids = new EnumMap<>(ResourceKey.class);
        if (bucket != null) {
            ids.put(ResourceKey.BUCKET, bucket.name());
            if (!bucket.modelKeys().isEmpty()) {
                String key = bucket.modelKeys().get(0);
                String prefix = !bucket.prefix().isEmpty() ? bucket.prefix()
                        : key.contains("/") ? key.substring(0, key.lastIndexOf('/') + 1) : "";
                ids.put(ResourceKey.MODEL_URI, "s3://" + bucket.name() + "/" + prefix);
            }
        }
        if (vpc != null) {
            ids.put(ResourceKey.VPC, vpc.id());
        }
        List<Subnet> pub = subnets(Role.PUBLIC);
        List<Subnet> priv = subnets(Role.PRIVATE);
        ResourceKey[] pubKeys = {ResourceKey.PUBLIC_SUBNET_1, ResourceKey.PUBLIC_SUBNET_2};
        ResourceKey[] privKeys = {ResourceKey.PRIVATE_SUBNET_1, ResourceKey.PRIVATE_SUBNET_2};
        for (int i = 0; i < 2; i++) {
            if (i < pub.size()) {
                ids.put(pubKeys[i], pub.get(i).id());
            }
            if (i < priv.size()) {
                ids.put(privKeys[i], priv.get(i).id());
            }
        }
        if (!pub.isEmpty() && pub.get(0).defaultRoute() == DefaultRoute.INTERNET_GATEWAY) {
            ids.put(ResourceKey.PUBLIC_ROUTE_TABLE, pub.get(0).routeTableId());
        }
        if (!priv.isEmpty() && priv.get(0).defaultRoute() == DefaultRoute.NAT_GATEWAY) {
            ids.put(ResourceKey.PRIVATE_ROUTE_TABLE, priv.get(0).routeTableId());
            if (priv.size() > 1 && priv.get(1).defaultRoute() == DefaultRoute.NAT_GATEWAY
                    && !priv.get(1).routeTableId().equals(priv.get(0).routeTableId())) {
                ids.put(ResourceKey.PRIVATE_ROUTE_TABLE_2, priv.get(1).routeTableId());
            }
        }
        if (internetGateway != null) {
            ids.put(ResourceKey.INTERNET_GATEWAY, internetGateway.id());
        }
        natGateway().ifPresent(n -> {
            ids.put(ResourceKey.NAT_GATEWAY, n.id());
            if (n.allocationId() != null) {
                ids.put(ResourceKey.ELASTIC_IP, n.allocationId());
            }
        });
        if (loadBalancerGroup != null) {
            ids.put(ResourceKey.ALB_SECURITY_GROUP, loadBalancerGroup.id());
        }
        if (!taskGroups.isEmpty()) {
            ids.put(ResourceKey.TASK_SECURITY_GROUP, taskGroups.get(0).id());
        }
        if (targetGroup != null) {
            ids.put(ResourceKey.TARGET_GROUP, targetGroup.arn());
        }
        if (loadBalancer != null) {
            ids.put(ResourceKey.LOAD_BALANCER, loadBalancer.arn());
            ids.put(ResourceKey.LOAD_BALANCER_DNS, loadBalancer.dnsName());
            loadBalancer.listeners().stream().filter(l -> targetGroup != null && l.forwardsTo().contains(targetGroup.arn()))
                    .findFirst().ifPresent(l -> ids.put(ResourceKey.LISTENER, l.arn()));
        }
        if (repository != null) {
            ids.put(ResourceKey.REPOSITORY_URI, repository.uri());
        }
        if (service != null) {
            ids.put(ResourceKey.CLUSTER, service.clusterArn());
            ids.put(ResourceKey.SERVICE, service.arn());
        }
        if (taskDefinition != null) {
            ids.put(ResourceKey.TASK_DEFINITION, taskDefinition.arn());
            if (taskDefinition.taskRoleExists() && taskDefinition.executionRoleExists()) {
                ids.put(ResourceKey.TASK_ROLE, taskDefinition.taskRoleArn());
                ids.put(ResourceKey.EXECUTION_ROLE, taskDefinition.executionRoleArn());
            }
        }
        if (logGroup != null) {
            ids.put(ResourceKey.LOG_GROUP, logGroup.name());
        }
        return ids;
    }
}
