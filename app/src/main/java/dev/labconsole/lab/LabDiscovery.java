package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads the account once and finds the lab in it by what its resources are and how AWS links them:
 * internet-facing load balancer, its listeners and target groups, the ECS services registered with
 * them, their task definitions (roles, image, log group, {@code MODEL_URI}), the VPC, each subnet's
 * effective route table and default route, NAT gateways and security groups. Names and the
 * {@code labconsole:lab} tag only break ties; each choice between several candidates is reported in
 * {@link FoundLab#choices()}. Reads only: it writes nothing to AWS or to the lab's state.
 */
public final class LabDiscovery {

    private static final Pattern ECR_IMAGE = Pattern.compile("^[^/]+\\.dkr\\.ecr\\.[^/]+/([^:@]+)");
    private static final Pattern S3_URI = Pattern.compile("^s3://([^/]+)/?(.*)$");
    private static final Set<String> MODEL_FILE_ENDINGS = Set.of(".pt", ".pth", ".onnx", ".bin", ".safetensors",
            ".h5", ".pkl", ".joblib", ".tar.gz", ".zip", ".params", "serving.properties", "tokenizer.json");

    private final AwsClients aws;
    private final String lab;
    private final LabSelection selection;
    private final List<String> choices = new ArrayList<>();
    // Why the VPC was taken, set while choosing it.
    private String vpcWhy = "";

    private LabDiscovery(AwsClients aws, String lab, LabSelection selection) {
        this.aws = aws;
        this.lab = lab;
        this.selection = selection == null ? LabSelection.none() : selection;
    }

    /** The lab in the account {@code aws} reaches; {@code lab} (the lab's name) only breaks ties. */
    public static FoundLab discover(AwsClients aws, String lab, LabSelection selection) {
        return new LabDiscovery(aws, lab, selection).discover();
    }

    // What one service is, before choosing.
    private record RawService(software.amazon.awssdk.services.ecs.model.Service service, String clusterName) {
        List<String> subnets() {
            var config = service.networkConfiguration();
            return config == null || config.awsvpcConfiguration() == null ? List.of()
                    : config.awsvpcConfiguration().subnets();
        }

        List<String> securityGroups() {
            var config = service.networkConfiguration();
            return config == null || config.awsvpcConfiguration() == null ? List.of()
                    : config.awsvpcConfiguration().securityGroups();
        }

        List<String> targetGroups() {
            return service.loadBalancers().stream().map(LoadBalancer::targetGroupArn).filter(Objects::nonNull).toList();
        }
    }

    private record RawBalancer(software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer balancer,
            List<FoundLab.Listener> listeners) {
        Set<String> forwardsTo() {
            return listeners.stream().flatMap(l -> l.forwardsTo().stream()).collect(Collectors.toSet());
        }
    }

    private FoundLab discover() {
        String account = aws.sts().getCallerIdentity().account();
        String region = aws.region().id();

        List<software.amazon.awssdk.services.ec2.model.Vpc> vpcs = aws.ec2().describeVpcsPaginator(r -> { })
                .vpcs().stream().toList();
        List<software.amazon.awssdk.services.ec2.model.Subnet> allSubnets = aws.ec2()
                .describeSubnetsPaginator(r -> { }).subnets().stream().toList();
        Map<String, String> subnetVpc = new HashMap<>();
        allSubnets.forEach(s -> subnetVpc.put(s.subnetId(), s.vpcId()));
        List<software.amazon.awssdk.services.ec2.model.NatGateway> allNats = aws.ec2()
                .describeNatGatewaysPaginator(r -> { }).natGateways().stream()
                .filter(n -> "available".equals(n.stateAsString()) || "pending".equals(n.stateAsString())).toList();
        List<software.amazon.awssdk.services.ec2.model.InternetGateway> allGateways = aws.ec2()
                .describeInternetGatewaysPaginator(r -> { }).internetGateways().stream().toList();

        List<RawService> services = services();
        List<RawBalancer> balancers = balancers();
        Map<String, software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup> targetGroups =
                new LinkedHashMap<>();
        aws.elb().describeTargetGroupsPaginator(r -> { }).targetGroups().forEach(t -> targetGroups.put(t.targetGroupArn(), t));

        software.amazon.awssdk.services.ec2.model.Vpc vpc = chooseVpc(vpcs, subnetVpc, services, balancers, allNats,
                allGateways);
        if (vpc == null) {
            FoundLab.Repository repository = repository(null);
            FoundLab.Bucket bucket = bucket(null);
            return new FoundLab(account, region, bucket, repository, null, List.of(), null, List.of(), null, null,
                    null, null, null, List.of(), null, choices);
        }
        String vpcId = vpc.vpcId();
        List<RawService> vpcServices = services.stream()
                .filter(s -> !s.subnets().isEmpty() && vpcId.equals(subnetVpc.get(s.subnets().get(0)))).toList();
        List<RawBalancer> vpcBalancers = balancers.stream().filter(b -> vpcId.equals(b.balancer().vpcId())).toList();

        RawService service = chooseService(vpcServices, vpcBalancers);
        RawBalancer balancer = chooseBalancer(vpcBalancers, service);
        var targetGroup = chooseTargetGroup(targetGroups, vpcId, service, balancer);

        FoundLab.TaskDefinition taskDefinition = service == null ? null : taskDefinition(service);
        List<software.amazon.awssdk.services.ec2.model.SecurityGroup> groups = aws.ec2()
                .describeSecurityGroupsPaginator(r -> r.filters(filter("vpc-id", vpcId))).securityGroups().stream()
                .toList();
        Map<String, FoundLab.SecurityGroup> groupsById = new LinkedHashMap<>();
        groups.forEach(g -> groupsById.put(g.groupId(), group(g)));
        FoundLab.SecurityGroup balancerGroup = balancer == null ? null : balancer.balancer().securityGroups().stream()
                .map(groupsById::get).filter(Objects::nonNull)
                .sorted(Comparator.comparing((FoundLab.SecurityGroup g) -> !admitsFromAnywhere(g, 80)))
                .findFirst().orElse(null);
        if (balancer == null) {
            // Built in the lab's order, the groups come before the load balancer: the one open on 80 to the world.
            balancerGroup = groups.stream().sorted(Comparator.comparingDouble(g -> -tieBreak(g.tags())))
                    .map(g -> groupsById.get(g.groupId())).filter(g -> admitsFromAnywhere(g, 80)).findFirst()
                    .orElse(null);
        }
        List<FoundLab.SecurityGroup> taskGroups = service == null ? List.of() : service.securityGroups().stream()
                .map(groupsById::get).filter(Objects::nonNull).toList();
        if (service == null && balancerGroup != null) {
            // Before the service exists: the group that admits traffic from the load balancer's group.
            String source = balancerGroup.id();
            taskGroups = groupsById.values().stream().filter(g -> g.ingress().stream()
                    .anyMatch(r -> r.groupIds().contains(source))).limit(1).toList();
        }

        List<software.amazon.awssdk.services.ec2.model.NatGateway> nats = allNats.stream()
                .filter(n -> vpcId.equals(n.vpcId())).toList();
        FoundLab.InternetGateway gateway = allGateways.stream()
                .filter(g -> g.attachments().stream().anyMatch(a -> vpcId.equals(a.vpcId())))
                .findFirst().map(g -> new FoundLab.InternetGateway(g.internetGatewayId(), name(g.tags())))
                .orElse(null);
        List<FoundLab.Subnet> subnets = subnets(vpcId, allSubnets, nats, balancer, service);

        return new FoundLab(account, region, bucket(taskDefinition), repository(taskDefinition),
                new FoundLab.Vpc(vpcId, name(vpc.tags()), vpc.cidrBlock(), dnsHostnames(vpcId), vpcWhy),
                subnets, gateway,
                nats.stream().map(n -> new FoundLab.NatGateway(n.natGatewayId(), name(n.tags()), n.subnetId(),
                        n.natGatewayAddresses().isEmpty() ? null : n.natGatewayAddresses().get(0).allocationId(),
                        n.natGatewayAddresses().isEmpty() ? null : n.natGatewayAddresses().get(0).publicIp(),
                        n.stateAsString())).toList(),
                balancer == null ? null : balancer(balancer, service != null && linked(service, List.of(balancer))
                        ? "it forwards to the service's target group" : vpcBalancers.size() == 1
                                ? "the VPC's only application load balancer" : "the VPC's likeliest load balancer"),
                targetGroup == null ? null : new FoundLab.TargetGroup(targetGroup.targetGroupArn(),
                        targetGroup.targetGroupName(), targetGroup.targetTypeAsString(), targetGroup.protocolAsString(),
                        targetGroup.port(), targetGroup.healthCheckPath(), targetGroup.vpcId()),
                service == null ? null : service(service, linked(service, vpcBalancers)
                        ? "registered with the target group its load balancer forwards to"
                        : vpcServices.size() == 1 ? "the VPC's only ECS service" : "the VPC's likeliest ECS service"),
                taskDefinition, balancerGroup, taskGroups, logGroup(taskDefinition), choices);
    }

    // ---- candidates -------------------------------------------------------------------------------

    private List<RawService> services() {
        List<RawService> found = new ArrayList<>();
        for (String cluster : aws.ecs().listClustersPaginator(r -> { }).clusterArns()) {
            List<String> arns = aws.ecs().listServicesPaginator(r -> r.cluster(cluster)).serviceArns().stream().toList();
            for (int i = 0; i < arns.size(); i += 10) {
                List<String> batch = arns.subList(i, Math.min(arns.size(), i + 10));
                aws.ecs().describeServices(r -> r.cluster(cluster).services(batch)).services().stream()
                        .filter(s -> "ACTIVE".equals(s.status()))
                        .forEach(s -> found.add(new RawService(s, Arns.lastPart(cluster))));
            }
        }
        return found;
    }

    private List<RawBalancer> balancers() {
        List<RawBalancer> found = new ArrayList<>();
        for (var balancer : aws.elb().describeLoadBalancersPaginator(r -> { }).loadBalancers()) {
            if (balancer.type() != null && balancer.type() != LoadBalancerTypeEnum.APPLICATION) {
                continue;
            }
            List<FoundLab.Listener> listeners = aws.elb().describeListeners(r -> r.loadBalancerArn(
                    balancer.loadBalancerArn())).listeners().stream()
                    .map(l -> new FoundLab.Listener(l.listenerArn(), l.protocolAsString(),
                            l.port() == null ? 0 : l.port(), forwardsTo(l.defaultActions())))
                    .toList();
            found.add(new RawBalancer(balancer, listeners));
        }
        return found;
    }

    private static List<String> forwardsTo(List<Action> actions) {
        List<String> arns = new ArrayList<>();
        for (Action action : actions) {
            if (action.targetGroupArn() != null) {
                arns.add(action.targetGroupArn());
            }
            if (action.forwardConfig() != null) {
                action.forwardConfig().targetGroups().stream().map(TargetGroupTuple::targetGroupArn)
                        .filter(a -> a != null && !arns.contains(a)).forEach(arns::add);
            }
        }
        return arns;
    }

    /** Whether {@code service} registers with a target group one of {@code balancers}' listeners forwards to. */
    private static boolean linked(RawService service, List<RawBalancer> balancers) {
        return balancers.stream().anyMatch(b -> service.targetGroups().stream().anyMatch(b.forwardsTo()::contains));
    }

    private software.amazon.awssdk.services.ec2.model.Vpc chooseVpc(
            List<software.amazon.awssdk.services.ec2.model.Vpc> vpcs, Map<String, String> subnetVpc,
            List<RawService> services, List<RawBalancer> balancers,
            List<software.amazon.awssdk.services.ec2.model.NatGateway> nats,
            List<software.amazon.awssdk.services.ec2.model.InternetGateway> gateways) {
        if (selection.vpcId() != null) {
            var chosen = vpcs.stream().filter(v -> v.vpcId().equals(selection.vpcId())).findFirst()
                    .orElseThrow(() -> new AwsProblem("there is no VPC " + selection.vpcId() + " in this account and"
                            + " region: leave --vpc out, or give one of " + vpcs.stream().map(v -> v.vpcId())
                            .toList(), null, null));
            vpcWhy = "chosen with --vpc";
            return chosen;
        }
        if (selection.service() != null) {
            RawService service = services.stream().filter(s -> matchesService(s, selection.service())).findFirst()
                    .orElseThrow(() -> new AwsProblem("there is no active ECS service " + selection.service()
                            + ": leave --service out, or give one of " + services.stream()
                            .map(s -> s.service().serviceName()).toList(), null, null));
            String vpcId = service.subnets().isEmpty() ? null : subnetVpc.get(service.subnets().get(0));
            vpcWhy = "the VPC of service " + service.service().serviceName() + " (chosen with --service)";
            return vpcs.stream().filter(v -> v.vpcId().equals(vpcId)).findFirst().orElse(null);
        }
        record Scored(software.amazon.awssdk.services.ec2.model.Vpc vpc, double score, String why) {
        }
        List<Scored> scored = new ArrayList<>();
        for (var vpc : vpcs) {
            String id = vpc.vpcId();
            List<RawService> inVpc = services.stream()
                    .filter(s -> !s.subnets().isEmpty() && id.equals(subnetVpc.get(s.subnets().get(0)))).toList();
            List<RawBalancer> balancersIn = balancers.stream().filter(b -> id.equals(b.balancer().vpcId())).toList();
            boolean linked = inVpc.stream().anyMatch(s -> linked(s, balancersIn));
            boolean nat = nats.stream().anyMatch(n -> id.equals(n.vpcId()));
            boolean isDefault = Boolean.TRUE.equals(vpc.isDefault());
            if (isDefault && inVpc.isEmpty() && balancersIn.isEmpty() && !nat) {
                continue;
            }
            boolean igw = gateways.stream().anyMatch(g -> g.attachments().stream().anyMatch(a -> id.equals(a.vpcId())));
            // The tag marks what Lab Console built: for this lab it decides, for another lab it rules the VPC out.
            String labTag = tag(vpc.tags(), LabContext.LAB_TAG);
            double ownership = labTag == null ? 0 : labTag.equals(lab) ? 100 : -100;
            double score = ownership + (linked ? 8 : 0) + (balancersIn.isEmpty() ? 0 : 2) + (inVpc.isEmpty() ? 0 : 2)
                    + (nat ? 1 : 0) + (igw ? 1 : 0) + (isDefault ? 0 : 1) + tieBreak(vpc.tags());
            List<String> why = new ArrayList<>();
            if (ownership > 0) {
                why.add("Lab Console built it for lab " + lab);
            } else if (ownership < 0) {
                why.add("Lab Console built it for another lab, " + labTag);
            }
            if (linked) {
                why.add("its load balancer forwards to the target group of its ECS service");
            } else {
                if (!balancersIn.isEmpty()) {
                    why.add("it holds a load balancer");
                }
                if (!inVpc.isEmpty()) {
                    why.add("it holds an ECS service");
                }
                if (nat) {
                    why.add("it has a NAT gateway");
                }
            }
            if (why.isEmpty()) {
                why.add("a VPC of your own");
            }
            scored.add(new Scored(vpc, score, String.join(", ", why)));
        }
        if (scored.isEmpty()) {
            choices.add("VPC: none found besides the default VPC: build the lab's VPC (Network section), or choose one"
                    + " with --vpc");
            return null;
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        Scored best = scored.get(0);
        vpcWhy = best.why();
        if (scored.size() > 1) {
            choices.add("VPC: took " + best.vpc().vpcId() + label(best.vpc().tags()) + " because " + best.why()
                    + "; also found " + scored.subList(1, scored.size()).stream()
                            .map(s -> s.vpc().vpcId() + label(s.vpc().tags()) + " (" + s.why() + ")")
                            .collect(Collectors.joining(", "))
                    + ": choose another with --vpc");
        }
        return best.vpc();
    }

    private static boolean matchesService(RawService s, String wanted) {
        return s.service().serviceName().equals(wanted) || s.service().serviceArn().equals(wanted);
    }

    private RawService chooseService(List<RawService> inVpc, List<RawBalancer> balancers) {
        if (selection.service() != null) {
            return inVpc.stream().filter(s -> matchesService(s, selection.service())).findFirst().orElse(null);
        }
        if (inVpc.isEmpty()) {
            return null;
        }
        List<RawService> ranked = inVpc.stream().sorted(Comparator.comparingDouble((RawService s) ->
                (linked(s, balancers) ? 4 : 0) + (s.service().desiredCount() > 0 ? 1 : 0)
                        + tieBreakName(s.service().serviceName())).reversed()).toList();
        if (ranked.size() > 1) {
            choices.add("ECS service: took " + ranked.get(0).service().serviceName()
                    + (linked(ranked.get(0), balancers) ? " (registered with the load balancer's target group)" : "")
                    + "; also found " + ranked.subList(1, ranked.size()).stream().map(s -> s.service().serviceName())
                            .collect(Collectors.joining(", ")) + ": choose another with --service");
        }
        return ranked.get(0);
    }

    private RawBalancer chooseBalancer(List<RawBalancer> inVpc, RawService service) {
        if (inVpc.isEmpty()) {
            return null;
        }
        List<RawBalancer> ranked = inVpc.stream().sorted(Comparator.comparingDouble((RawBalancer b) ->
                (service != null && service.targetGroups().stream().anyMatch(b.forwardsTo()::contains) ? 4 : 0)
                        + ("internet-facing".equals(b.balancer().schemeAsString()) ? 2 : 0)
                        + (b.listeners().stream().anyMatch(l -> l.port() == 80) ? 1 : 0)
                        + tieBreakName(b.balancer().loadBalancerName())).reversed()).toList();
        if (ranked.size() > 1) {
            choices.add("load balancer: took " + ranked.get(0).balancer().loadBalancerName() + "; also found "
                    + ranked.subList(1, ranked.size()).stream().map(b -> b.balancer().loadBalancerName())
                            .collect(Collectors.joining(", "))
                    + " in the same VPC (the one forwarding to the service's target group counts first)");
        }
        return ranked.get(0);
    }

    private static software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup chooseTargetGroup(
            Map<String, software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup> all, String vpcId,
            RawService service, RawBalancer balancer) {
        List<String> fromService = service == null ? List.of() : service.targetGroups();
        List<String> fromBalancer = new ArrayList<>();
        if (balancer != null) {
            balancer.listeners().stream().sorted(Comparator.comparing(l -> l.port() != 80))
                    .forEach(l -> fromBalancer.addAll(l.forwardsTo()));
        }
        List<String> order = new ArrayList<>();
        fromService.stream().filter(fromBalancer::contains).forEach(order::add);
        order.addAll(fromService);
        order.addAll(fromBalancer);
        for (String arn : order) {
            var group = all.get(arn);
            if (group != null) {
                return group;
            }
        }
        return all.values().stream().filter(t -> vpcId.equals(t.vpcId())).findFirst().orElse(null);
    }

    // ---- network ------------------------------------------------------------------------------------

    private List<FoundLab.Subnet> subnets(String vpcId, List<software.amazon.awssdk.services.ec2.model.Subnet> all,
            List<software.amazon.awssdk.services.ec2.model.NatGateway> nats, RawBalancer balancer,
            RawService service) {
        List<RouteTable> tables = aws.ec2().describeRouteTablesPaginator(r -> r.filters(filter("vpc-id", vpcId)))
                .routeTables().stream().filter(t -> vpcId.equals(t.vpcId())).toList();
        RouteTable main = tables.stream().filter(t -> t.associations().stream()
                .anyMatch(a -> Boolean.TRUE.equals(a.main()))).findFirst().orElse(null);
        Set<String> balancerSubnets = balancer == null ? Set.of() : balancer.balancer().availabilityZones().stream()
                .map(AvailabilityZone::subnetId).collect(Collectors.toSet());
        Set<String> serviceSubnets = service == null ? Set.of() : Set.copyOf(service.subnets());
        Set<String> natSubnets = nats.stream().map(n -> n.subnetId()).collect(Collectors.toSet());

        List<software.amazon.awssdk.services.ec2.model.Subnet> inVpc = all.stream()
                .filter(s -> vpcId.equals(s.vpcId()))
                .sorted(Comparator.comparing(software.amazon.awssdk.services.ec2.model.Subnet::availabilityZone)
                        .thenComparing(software.amazon.awssdk.services.ec2.model.Subnet::cidrBlock))
                .toList();
        int n = inVpc.size();
        RouteTable[] effective = new RouteTable[n];
        FoundLab.DefaultRoute[] routes = new FoundLab.DefaultRoute[n];
        String[] targets = new String[n];
        double[] publicScore = new double[n];
        double[] privateScore = new double[n];
        for (int i = 0; i < n; i++) {
            var s = inVpc.get(i);
            effective[i] = tables.stream().filter(t -> t.associations().stream()
                    .anyMatch(a -> s.subnetId().equals(a.subnetId()))).findFirst().orElse(main);
            Route route = effective[i] == null ? null : effective[i].routes().stream()
                    .filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())).findFirst().orElse(null);
            if (route == null) {
                routes[i] = FoundLab.DefaultRoute.NONE;
            } else if (route.natGatewayId() != null) {
                routes[i] = FoundLab.DefaultRoute.NAT_GATEWAY;
                targets[i] = route.natGatewayId();
            } else if (route.gatewayId() != null && route.gatewayId().startsWith("igw-")) {
                routes[i] = FoundLab.DefaultRoute.INTERNET_GATEWAY;
                targets[i] = route.gatewayId();
            } else {
                routes[i] = FoundLab.DefaultRoute.OTHER;
                targets[i] = Optional.ofNullable(route.gatewayId()).orElse(route.networkInterfaceId());
            }
            String name = Optional.ofNullable(name(s.tags())).orElse("").toLowerCase(Locale.ROOT);
            publicScore[i] = (routes[i] == FoundLab.DefaultRoute.INTERNET_GATEWAY ? 2 : 0)
                    + (balancerSubnets.contains(s.subnetId()) ? 2 : 0) + (natSubnets.contains(s.subnetId()) ? 1 : 0)
                    + (name.contains("pub") ? 0.5 : 0) + (Boolean.TRUE.equals(s.mapPublicIpOnLaunch()) ? 0.25 : 0);
            privateScore[i] = (routes[i] == FoundLab.DefaultRoute.NAT_GATEWAY ? 2 : 0)
                    + (serviceSubnets.contains(s.subnetId()) ? 2 : 0) + (name.contains("priv") ? 0.5 : 0);
        }
        FoundLab.Role[] roles = assignRoles(publicScore, privateScore);
        List<FoundLab.Subnet> result = new ArrayList<>();
        int publicIndex = 0;
        int privateIndex = 0;
        for (int i = 0; i < n; i++) {
            var s = inVpc.get(i);
            int index = roles[i] == FoundLab.Role.PUBLIC ? ++publicIndex
                    : roles[i] == FoundLab.Role.PRIVATE ? ++privateIndex : 0;
            result.add(new FoundLab.Subnet(s.subnetId(), name(s.tags()), s.cidrBlock(), s.availabilityZone(),
                    Boolean.TRUE.equals(s.mapPublicIpOnLaunch()),
                    effective[i] == null ? null : effective[i].routeTableId(), routes[i], targets[i], roles[i], index));
        }
        return result;
    }

    /**
     * Two public and two private subnets (fewer when fewer fit): the assignment whose subnets best look
     * their part (default route, what runs in them, the NAT gateway, their names), found by trying
     * every assignment of the VPC's subnets (a lab's VPC has a handful).
     */
    static FoundLab.Role[] assignRoles(double[] publicScore, double[] privateScore) {
        int n = publicScore.length;
        FoundLab.Role[] best = new FoundLab.Role[n];
        java.util.Arrays.fill(best, FoundLab.Role.OTHER);
        if (n > 12) {
            // Beyond what trying every assignment allows: each subnet takes its better part, best first.
            return greedyRoles(publicScore, privateScore);
        }
        double[] bestTotal = {0};
        search(0, new FoundLab.Role[n], 0, 0, 0, publicScore, privateScore, best, bestTotal);
        return best;
    }

    private static void search(int i, FoundLab.Role[] current, int publics, int privates, double total,
            double[] pub, double[] priv, FoundLab.Role[] best, double[] bestTotal) {
        if (i == current.length) {
            if (total > bestTotal[0] + 1e-9) {
                bestTotal[0] = total;
                System.arraycopy(current, 0, best, 0, current.length);
            }
            return;
        }
        if (publics < 2 && pub[i] > 0) {
            current[i] = FoundLab.Role.PUBLIC;
            search(i + 1, current, publics + 1, privates, total + pub[i], pub, priv, best, bestTotal);
        }
        if (privates < 2 && priv[i] > 0) {
            current[i] = FoundLab.Role.PRIVATE;
            search(i + 1, current, publics, privates + 1, total + priv[i], pub, priv, best, bestTotal);
        }
        current[i] = FoundLab.Role.OTHER;
        search(i + 1, current, publics, privates, total, pub, priv, best, bestTotal);
    }

    private static FoundLab.Role[] greedyRoles(double[] pub, double[] priv) {
        int n = pub.length;
        FoundLab.Role[] roles = new FoundLab.Role[n];
        java.util.Arrays.fill(roles, FoundLab.Role.OTHER);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> Math.max(pub[i], priv[i])).reversed());
        int publics = 0;
        int privates = 0;
        for (int i : order) {
            if (pub[i] >= priv[i] && pub[i] > 0 && publics < 2) {
                roles[i] = FoundLab.Role.PUBLIC;
                publics++;
            } else if (priv[i] > 0 && privates < 2) {
                roles[i] = FoundLab.Role.PRIVATE;
                privates++;
            }
        }
        return roles;
    }

    private boolean dnsHostnames(String vpcId) {
        return Boolean.TRUE.equals(aws.ec2().describeVpcAttribute(r -> r.vpcId(vpcId)
                .attribute(software.amazon.awssdk.services.ec2.model.VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                .enableDnsHostnames().value());
    }

    private static FoundLab.SecurityGroup group(software.amazon.awssdk.services.ec2.model.SecurityGroup g) {
        List<FoundLab.Rule> rules = new ArrayList<>();
        for (IpPermission p : g.ipPermissions()) {
            List<String> cidrs = new ArrayList<>();
            p.ipRanges().forEach(r -> cidrs.add(r.cidrIp()));
            p.ipv6Ranges().forEach(r -> cidrs.add(r.cidrIpv6()));
            rules.add(new FoundLab.Rule(p.ipProtocol(), p.fromPort(), p.toPort(), cidrs,
                    p.userIdGroupPairs().stream().map(u -> u.groupId()).toList()));
        }
        return new FoundLab.SecurityGroup(g.groupId(), g.groupName(), rules);
    }

    static boolean admitsFromAnywhere(FoundLab.SecurityGroup group, int port) {
        return group.ingress().stream().anyMatch(r -> r.admitsTcp(port) && r.fromAnywhere());
    }

    // ---- load balancer and service ------------------------------------------------------------------

    private static FoundLab.LoadBalancer balancer(RawBalancer raw, String why) {
        var b = raw.balancer();
        return new FoundLab.LoadBalancer(b.loadBalancerArn(), b.loadBalancerName(), b.dnsName(), b.schemeAsString(),
                b.typeAsString(), b.availabilityZones().stream().map(AvailabilityZone::subnetId).toList(),
                b.securityGroups(), raw.listeners(), why);
    }

    private static FoundLab.Service service(RawService raw, String why) {
        var s = raw.service();
        var network = s.networkConfiguration() == null ? null : s.networkConfiguration().awsvpcConfiguration();
        String launchType = s.launchType() != null ? s.launchTypeAsString()
                : s.capacityProviderStrategy().stream().map(c -> c.capacityProvider()).findFirst().orElse(null);
        return new FoundLab.Service(s.serviceArn(), s.serviceName(), s.clusterArn(), raw.clusterName(),
                s.desiredCount() == null ? 0 : s.desiredCount(), s.runningCount() == null ? 0 : s.runningCount(),
                launchType, network == null ? List.of() : network.subnets(),
                network == null ? List.of() : network.securityGroups(),
                network == null ? null : network.assignPublicIpAsString(), raw.targetGroups(), why);
    }

    private FoundLab.TaskDefinition taskDefinition(RawService raw) {
        var definition = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(raw.service().taskDefinition()))
                .taskDefinition();
        String containerName = raw.service().loadBalancers().stream().map(LoadBalancer::containerName)
                .filter(Objects::nonNull).findFirst().orElse(null);
        ContainerDefinition container = definition.containerDefinitions().stream()
                .filter(c -> containerName == null ? !Boolean.FALSE.equals(c.essential()) : containerName.equals(c.name()))
                .findFirst().orElse(definition.containerDefinitions().isEmpty() ? null
                        : definition.containerDefinitions().get(0));
        List<Integer> ports = container == null ? List.of() : container.portMappings().stream()
                .map(p -> p.containerPort()).filter(Objects::nonNull).toList();
        String logGroup = container == null || container.logConfiguration() == null ? null
                : container.logConfiguration().options().get("awslogs-group");
        String modelUri = container == null ? null : container.environment().stream()
                .filter(e -> "MODEL_URI".equals(e.name())).map(KeyValuePair::value).findFirst().orElse(null);
        var platform = definition.runtimePlatform();
        return new FoundLab.TaskDefinition(definition.taskDefinitionArn(), definition.requiresCompatibilitiesAsStrings(),
                definition.networkModeAsString(), definition.cpu(), definition.memory(),
                platform == null ? null : platform.operatingSystemFamilyAsString(),
                platform == null ? null : platform.cpuArchitectureAsString(), ports,
                definition.taskRoleArn(), definition.executionRoleArn(), roleExists(definition.taskRoleArn()),
                roleExists(definition.executionRoleArn()), container == null ? null : container.image(), logGroup,
                modelUri);
    }

    private boolean roleExists(String arn) {
        if (arn == null || arn.isBlank()) {
            return false;
        }
        String name = Arns.lastPart(arn);
        try {
            aws.iam().getRole(r -> r.roleName(name));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }

    private FoundLab.LogGroup logGroup(FoundLab.TaskDefinition definition) {
        if (definition == null || definition.logGroupName() == null) {
            return null;
        }
        String name = definition.logGroupName();
        return aws.logs().describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> name.equals(g.logGroupName())).findFirst()
                .map(g -> new FoundLab.LogGroup(g.logGroupName(), g.retentionInDays())).orElse(null);
    }

    // ---- storage and registry -----------------------------------------------------------------------

    private FoundLab.Repository repository(FoundLab.TaskDefinition definition) {
        String name = selection.repository();
        String why = "chosen with --repository";
        if (name == null && definition != null && definition.image() != null) {
            Matcher m = ECR_IMAGE.matcher(definition.image());
            if (m.find()) {
                name = m.group(1);
                why = "the task definition's image " + definition.image();
            }
        }
        if (name != null) {
            String wanted = name;
            try {
                var repository = aws.ecr().describeRepositories(r -> r.repositoryNames(wanted)).repositories().get(0);
                return repository(repository, why, definition);
            } catch (RepositoryNotFoundException e) {
                choices.add("ECR repository: " + wanted + " (" + why + ") does not exist");
                return null;
            }
        }
        List<software.amazon.awssdk.services.ecr.model.Repository> all = aws.ecr().describeRepositoriesPaginator(
                r -> { }).repositories().stream().toList();
        if (all.isEmpty()) {
            return null;
        }
        List<software.amazon.awssdk.services.ecr.model.Repository> ranked = all.stream()
                .sorted(Comparator.comparingDouble((software.amazon.awssdk.services.ecr.model.Repository r) ->
                        tieBreakName(r.repositoryName())).reversed()).toList();
        if (ranked.size() > 1) {
            choices.add("ECR repository: no task definition names one; took " + ranked.get(0).repositoryName()
                    + " of " + all.size() + ": choose another with --repository");
        }
        return repository(ranked.get(0), ranked.size() == 1 ? "the account's only repository"
                : "the repository whose name is closest to the lab's", definition);
    }

    private FoundLab.Repository repository(software.amazon.awssdk.services.ecr.model.Repository r, String why,
            FoundLab.TaskDefinition definition) {
        return new FoundLab.Repository(r.repositoryName(), r.repositoryUri(),
                r.encryptionConfiguration() == null ? "AES256" : r.encryptionConfiguration().encryptionTypeAsString(),
                r.imageScanningConfiguration() != null && Boolean.TRUE.equals(r.imageScanningConfiguration().scanOnPush()),
                why, image(r, definition));
    }

    /**
     * The image the task definition names when it names this repository (by tag or digest), else the
     * repository's newest image; null when there is none.
     */
    private String image(software.amazon.awssdk.services.ecr.model.Repository r, FoundLab.TaskDefinition definition) {
        String named = definition == null ? null : definition.image();
        software.amazon.awssdk.services.ecr.model.ImageIdentifier wanted = null;
        if (named != null && named.startsWith(r.repositoryUri())) {
            String rest = named.substring(r.repositoryUri().length());
            if (rest.startsWith("@")) {
                wanted = software.amazon.awssdk.services.ecr.model.ImageIdentifier.builder()
                        .imageDigest(rest.substring(1)).build();
            } else if (rest.startsWith(":")) {
                wanted = software.amazon.awssdk.services.ecr.model.ImageIdentifier.builder()
                        .imageTag(rest.substring(1)).build();
            }
        }
        try {
            if (wanted != null) {
                var identifier = wanted;
                List<software.amazon.awssdk.services.ecr.model.ImageDetail> found;
                try {
                    found = aws.ecr().describeImages(q -> q.repositoryName(r.repositoryName()).imageIds(identifier))
                            .imageDetails();
                } catch (software.amazon.awssdk.services.ecr.model.ImageNotFoundException e) {
                    found = List.of();
                }
                if (!found.isEmpty()) {
                    return describe(r, found.get(0));
                }
                if (identifier.imageDigest() == null || !aws.target().emulated()) {
                    return null;
                }
                // The emulator files a pushed manifest under a digest of its own copy (moto re-serialises
                // it); the registry standing in for ECR holds the image: take the repository's latest.
            }
            return aws.ecr().describeImagesPaginator(q -> q.repositoryName(r.repositoryName())).imageDetails().stream()
                    .max(Comparator.comparing(d -> d.imagePushedAt() == null ? java.time.Instant.EPOCH : d.imagePushedAt()))
                    .map(d -> describe(r, d)).orElse(null);
        } catch (software.amazon.awssdk.services.ecr.model.ImageNotFoundException e) {
            return null;
        }
    }

    private static String describe(software.amazon.awssdk.services.ecr.model.Repository r,
            software.amazon.awssdk.services.ecr.model.ImageDetail detail) {
        String tag = detail.imageTags().isEmpty() ? "" : ":" + detail.imageTags().get(0);
        String digest = detail.imageDigest() == null ? ""
                : " (" + dev.labconsole.lab.steps.ImageStep.shortDigest(detail.imageDigest()) + ")";
        return r.repositoryUri() + tag + digest;
    }

    private FoundLab.Bucket bucket(FoundLab.TaskDefinition definition) {
        if (selection.bucket() != null) {
            return bucketIfExists(selection.bucket(), "", "chosen with --bucket");
        }
        if (definition != null && definition.modelUri() != null) {
            Matcher m = S3_URI.matcher(definition.modelUri());
            if (m.matches()) {
                FoundLab.Bucket named = bucketIfExists(m.group(1), m.group(2), "MODEL_URI " + definition.modelUri());
                if (named == null) {
                    choices.add("S3 bucket: MODEL_URI names " + definition.modelUri() + " but there is no bucket "
                            + m.group(1));
                }
                return named;
            }
        }
        List<FoundLab.Bucket> withModels = new ArrayList<>();
        for (var b : aws.s3().listBuckets().buckets()) {
            List<String> keys;
            try {
                keys = modelKeys(b.name(), "");
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                // A bucket in another region (301) or one these credentials may not read: not the lab's.
                continue;
            }
            if (!keys.isEmpty()) {
                withModels.add(details(b.name(), "", keys, "it holds model files"));
            }
        }
        if (withModels.isEmpty()) {
            return null;
        }
        withModels.sort(Comparator.comparingDouble((FoundLab.Bucket b) -> tieBreakName(b.name())).reversed());
        if (withModels.size() > 1) {
            choices.add("S3 bucket: no task definition names the model (MODEL_URI); took " + withModels.get(0).name()
                    + "; also holding model files: " + withModels.subList(1, withModels.size()).stream()
                            .map(FoundLab.Bucket::name).collect(Collectors.joining(", "))
                    + ": choose another with --bucket");
        }
        return withModels.get(0);
    }

    private FoundLab.Bucket bucketIfExists(String name, String prefix, String why) {
        try {
            aws.s3().headBucket(r -> r.bucket(name));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            return null;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
        List<String> keys = prefix.isEmpty() ? modelKeys(name, "") : objects(name, prefix);
        return details(name, prefix, keys, why);
    }

    private FoundLab.Bucket details(String name, String prefix, List<String> keys, String why) {
        boolean blocks;
        try {
            var block = aws.s3().getPublicAccessBlock(r -> r.bucket(name)).publicAccessBlockConfiguration();
            blocks = Boolean.TRUE.equals(block.blockPublicAcls()) && Boolean.TRUE.equals(block.ignorePublicAcls())
                    && Boolean.TRUE.equals(block.blockPublicPolicy()) && Boolean.TRUE.equals(block.restrictPublicBuckets());
        } catch (RuntimeException e) {
            if (!AwsErrors.hasCode(e, "NoSuchPublicAccessBlockConfiguration")) {
                throw e;
            }
            blocks = false;
        }
        boolean versioned = "Enabled".equals(aws.s3().getBucketVersioning(r -> r.bucket(name)).statusAsString());
        return new FoundLab.Bucket(name, prefix, keys, blocks, versioned, why);
    }

    private List<String> objects(String bucket, String prefix) {
        return aws.s3().listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(1000)).contents().stream()
                .map(S3Object::key).filter(k -> !k.endsWith("/")).toList();
    }

    /** Objects that look like model files: under a folder named like "model(s)", or with a model file's ending. */
    private List<String> modelKeys(String bucket, String prefix) {
        return objects(bucket, prefix).stream().filter(LabDiscovery::looksLikeModel).toList();
    }

    static boolean looksLikeModel(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.contains("model")) {
            return true;
        }
        return MODEL_FILE_ENDINGS.stream().anyMatch(lower::endsWith);
    }

    // ---- names only break ties ------------------------------------------------------------------------

    private double tieBreak(List<Tag> tags) {
        return (lab.equals(tag(tags, LabContext.LAB_TAG)) ? 0.5 : 0) + tieBreakName(name(tags));
    }

    private double tieBreakName(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).contains(lab) ? 0.25 : 0;
    }

    private static String tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    private static String name(List<Tag> tags) {
        return tag(tags, "Name");
    }

    private static String label(List<Tag> tags) {
        String name = name(tags);
        return name == null ? "" : " (" + name + ")";
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
