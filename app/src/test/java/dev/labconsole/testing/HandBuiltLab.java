package dev.labconsole.testing;

import dev.labconsole.aws.AwsClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Builds the lab the way a student does by hand in the AWS Console, through the plain SDK: no Lab
 * Console code, no {@code labconsole:lab} tags, the student's own names and layout ({@link Style}),
 * optionally with one {@link Mistake} seeded.
 */
public final class HandBuiltLab {

    /** How the student named and laid things out. */
    public enum Style {
        /** The names the lab's text suggests: public-route-table, sentiment-app-target-group, sentiment-app-task. */
        LAB_TEXT,
        /**
         * The AWS Console's "VPC and more" wizard: {@code <project>-subnet-public1-<az>}, 10.0.0.0/20-style
         * subnets, one private route table per zone; free names elsewhere; LabRole for both roles.
         */
        CONSOLE_WIZARD,
        /**
         * Names that say nothing, 192.168.0.0/16, the public subnets on the VPC's main route table, the model
         * baked into the image (no MODEL_URI) and another bucket without a model beside it.
         */
        RANDOM_NAMES,
        /** The lab's names with LabRole (AWS Academy) for both the task and the execution role. */
        LAB_ROLE,
        /** The lab's names, and a second, unrelated VPC in the account with its own load balancer. */
        SECOND_VPC,
        /** The lab's names in blocks of the student's own: 172.31.0.0/16 with /20 subnets. */
        OWN_CIDRS
    }

    /** One thing a student can get wrong. */
    public enum Mistake {
        NONE, TASK_PORT_OPEN_TO_WORLD, PORT_80_CLOSED, PRIVATE_ROUTE_TO_IGW, TASKS_WITH_PUBLIC_IP,
        TASKS_IN_PUBLIC_SUBNETS, INTERNAL_ALB, ALB_IN_PRIVATE_SUBNET, TARGET_TYPE_INSTANCE, TARGET_PORT_80,
        LISTENER_FORWARDS_ELSEWHERE, SERVICE_NOT_REGISTERED, NAT_IN_PRIVATE_SUBNET, ONE_ZONE, NO_IMAGE_PUSHED
    }

    /** What was built, for assertions. */
    public record Built(String vpcId, List<String> publicSubnets, List<String> privateSubnets, String natId,
            String loadBalancerArn, String targetGroupArn, String serviceName, String bucket, String repository,
            String albGroupId, String taskGroupId, String internetGatewayId) {
    }

    private final AwsClients aws;
    private final Style style;
    private final Mistake mistake;
    private String vpcId;
    private boolean networkOnly;

    private HandBuiltLab(AwsClients aws, Style style, Mistake mistake) {
        this.aws = aws;
        this.style = style;
        this.mistake = mistake;
    }

    public static Built build(AwsClients aws, Style style, Mistake mistake) {
        return new HandBuiltLab(aws, style, mistake).build();
    }

    /**
     * Only the lab's network (its section 3: VPC, subnets, gateways, route tables), as a student who leaves
     * the load balancer and the service to Lab Console would have it; the rest of {@link Built} is null.
     */
    public static Built buildNetworkOnly(AwsClients aws, Style style) {
        HandBuiltLab lab = new HandBuiltLab(aws, style, Mistake.NONE);
        lab.networkOnly = true;
        return lab.build();
    }

    private String n(String labText, String wizard, String random) {
        return switch (style) {
            case CONSOLE_WIZARD -> wizard;
            case RANDOM_NAMES -> random;
            default -> labText;
        };
    }

    private static TagSpecification named(ResourceType type, String name) {
        return TagSpecification.builder().resourceType(type).tags(Tag.builder().key("Name").value(name).build()).build();
    }

    private Built build() {
        if (style == Style.SECOND_VPC) {
            unrelatedVpcWithLoadBalancer();
        }
        var ec2 = aws.ec2();
        List<String> zones = ec2.describeAvailabilityZones().availabilityZones().stream()
                .map(AvailabilityZone::zoneName).sorted().toList();
        String zoneA = zones.get(0);
        String zoneB = mistake == Mistake.ONE_ZONE ? zoneA : zones.get(1);
        boolean random = style == Style.RANDOM_NAMES;
        String vpcCidr = random ? "192.168.0.0/16" : style == Style.OWN_CIDRS ? "172.31.0.0/16" : "10.0.0.0/16";
        String vpc = ec2.createVpc(r -> r.cidrBlock(vpcCidr).tagSpecifications(named(ResourceType.VPC,
                n("sentiment-app-vpc", "mlops-vpc", "qz7")))).vpc().vpcId();
        vpcId = vpc;
        ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
        String[] cidrs = switch (style) {
            case CONSOLE_WIZARD -> new String[] {"10.0.0.0/20", "10.0.16.0/20", "10.0.128.0/20", "10.0.144.0/20"};
            case RANDOM_NAMES -> new String[] {"192.168.10.0/24", "192.168.20.0/24", "192.168.30.0/24", "192.168.40.0/24"};
            case OWN_CIDRS -> new String[] {"172.31.0.0/20", "172.31.16.0/20", "172.31.64.0/20", "172.31.80.0/20"};
            default -> new String[] {"10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "10.0.4.0/24"};
        };
        String[] names = switch (style) {
            case CONSOLE_WIZARD -> new String[] {"mlops-subnet-public1-" + zoneA, "mlops-subnet-public2-" + zoneB,
                "mlops-subnet-private1-" + zoneA, "mlops-subnet-private2-" + zoneB};
            case RANDOM_NAMES -> new String[] {"alpha", "bravo", "charlie", "delta"};
            default -> new String[] {"public-subnet-1", "public-subnet-2", "private-subnet-1", "private-subnet-2"};
        };
        String[] subnetZones = {zoneA, zoneB, zoneA, zoneB};
        List<String> subnets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int k = i;
            subnets.add(ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidrs[k]).availabilityZone(subnetZones[k])
                    .tagSpecifications(named(ResourceType.SUBNET, names[k]))).subnet().subnetId());
        }
        List<String> publicSubnets = subnets.subList(0, 2);
        List<String> privateSubnets = subnets.subList(2, 4);
        String igw = ec2.createInternetGateway(r -> r.tagSpecifications(named(ResourceType.INTERNET_GATEWAY,
                n("sentiment-app-igw", "mlops-igw", "echo")))).internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));

        if (random) {
            // The public subnets use the VPC's main route table, routed to the internet gateway.
            String main = ec2.describeRouteTables(r -> r.filters(f -> f.name("vpc-id").values(vpc))).routeTables()
                    .stream().filter(t -> t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main())))
                    .findFirst().orElseThrow().routeTableId();
            ec2.createRoute(r -> r.routeTableId(main).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        } else {
            String publicTable = ec2.createRouteTable(r -> r.vpcId(vpc).tagSpecifications(named(ResourceType.ROUTE_TABLE,
                    n("public-route-table", "mlops-rtb-public", "")))).routeTable().routeTableId();
            ec2.createRoute(r -> r.routeTableId(publicTable).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
            publicSubnets.forEach(s -> ec2.associateRouteTable(r -> r.routeTableId(publicTable).subnetId(s)));
        }
        String eip = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        String natSubnet = mistake == Mistake.NAT_IN_PRIVATE_SUBNET ? privateSubnets.get(0) : publicSubnets.get(0);
        String nat = ec2.createNatGateway(r -> r.subnetId(natSubnet).allocationId(eip)
                .tagSpecifications(named(ResourceType.NATGATEWAY, n("sentiment-app-nat", "mlops-nat-public1-" + zoneA,
                        "foxtrot")))).natGateway().natGatewayId();
        if (style == Style.CONSOLE_WIZARD) {
            // One private route table per zone, as the wizard makes them.
            for (int i = 0; i < 2; i++) {
                int k = i;
                String table = ec2.createRouteTable(r -> r.vpcId(vpc).tagSpecifications(named(ResourceType.ROUTE_TABLE,
                        "mlops-rtb-private" + (k + 1) + "-" + subnetZones[k + 2]))).routeTable().routeTableId();
                privateRoute(table, igw, nat, k == 1);
                ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(privateSubnets.get(k)));
            }
        } else if (mistake == Mistake.PRIVATE_ROUTE_TO_IGW) {
            String good = privateTable("private-route-table");
            privateRoute(good, igw, nat, false);
            ec2.associateRouteTable(r -> r.routeTableId(good).subnetId(privateSubnets.get(0)));
            String bad = privateTable("private-route-table-2");
            privateRoute(bad, igw, nat, true);
            ec2.associateRouteTable(r -> r.routeTableId(bad).subnetId(privateSubnets.get(1)));
        } else {
            String table = privateTable(n("private-route-table", "", "golf"));
            privateRoute(table, igw, nat, false);
            privateSubnets.forEach(s -> ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(s)));
        }

        if (networkOnly) {
            return new Built(vpc, publicSubnets, privateSubnets, nat, null, null, null, null, null, null, null, igw);
        }
        String albGroup = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName(n("alb-security-group", "web-sg", "hotel"))
                .description("load balancer")).groupId();
        if (mistake != Mistake.PORT_80_CLOSED) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(albGroup).ipPermissions(IpPermission.builder()
                    .ipProtocol("tcp").fromPort(80).toPort(80).ipRanges(i -> i.cidrIp("0.0.0.0/0")).build()));
        } else {
            // Closed to the world: only the VPC itself may call it.
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(albGroup).ipPermissions(IpPermission.builder()
                    .ipProtocol("tcp").fromPort(80).toPort(80).ipRanges(i -> i.cidrIp(vpcCidr)).build()));
        }
        String taskGroup = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName(n("ecs-tasks-sg", "model-sg", "india"))
                .description("tasks")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(taskGroup).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(8000).toPort(8000).userIdGroupPairs(g -> g.groupId(albGroup)).build()));
        if (mistake == Mistake.TASK_PORT_OPEN_TO_WORLD) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(taskGroup).ipPermissions(IpPermission.builder()
                    .ipProtocol("tcp").fromPort(8000).toPort(8000).ipRanges(i -> i.cidrIp("0.0.0.0/0")).build()));
        }

        var elb = aws.elb();
        String targetGroup = elb.createTargetGroup(r -> r.name(n("sentiment-app-target-group", "model-tg", "juliet"))
                .vpcId(vpc).protocol(ProtocolEnum.HTTP).port(mistake == Mistake.TARGET_PORT_80 ? 80 : 8000)
                .targetType(mistake == Mistake.TARGET_TYPE_INSTANCE ? TargetTypeEnum.INSTANCE : TargetTypeEnum.IP)
                .healthCheckPath(random ? "/" : "/health")).targetGroups().get(0).targetGroupArn();
        List<String> albSubnets = mistake == Mistake.ALB_IN_PRIVATE_SUBNET
                ? List.of(publicSubnets.get(0), privateSubnets.get(1)) : publicSubnets;
        String alb = elb.createLoadBalancer(r -> r.name(n("sentiment-app-alb", "mlops-alb", "kilo"))
                .type(LoadBalancerTypeEnum.APPLICATION).subnets(albSubnets).securityGroups(albGroup)
                .scheme(mistake == Mistake.INTERNAL_ALB ? LoadBalancerSchemeEnum.INTERNAL
                        : LoadBalancerSchemeEnum.INTERNET_FACING)).loadBalancers().get(0).loadBalancerArn();
        String forwardTo = targetGroup;
        if (mistake == Mistake.LISTENER_FORWARDS_ELSEWHERE) {
            forwardTo = elb.createTargetGroup(r -> r.name("old-test-tg").vpcId(vpc).protocol(ProtocolEnum.HTTP).port(8000)
                    .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
        }
        String listenerTarget = forwardTo;
        elb.createListener(r -> r.loadBalancerArn(alb).protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(listenerTarget)));

        String bucket = n("sentiment-models-bucket-2026", "mlops-model-store", "lima-9f3k2");
        aws.s3().createBucket(r -> r.bucket(bucket));
        String prefix = random ? "artifacts/" : "models/sentiment/";
        for (String file : List.of(random ? "classifier.pt" : "model.pt", "tokenizer.json", "serving.properties")) {
            aws.s3().putObject(r -> r.bucket(bucket).key(prefix + file), RequestBody.fromString("weights of " + file));
        }
        if (random) {
            aws.s3().createBucket(r -> r.bucket("mike-logs-7"));
            aws.s3().putObject(r -> r.bucket("mike-logs-7").key("2026/app.log"), RequestBody.fromString("a log line"));
        }
        String repository = n("sentiment-app", "mlops-server", "november/img");
        String repositoryUri = aws.ecr().createRepository(r -> r.repositoryName(repository)).repository().repositoryUri();
        if (mistake != Mistake.NO_IMAGE_PUSHED) {
            // Section 3 of the lab: the student pushes the server's image before the service needs it.
            DockerPush.latest(aws.ecr(), repository);
        }

        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        boolean labRole = style == Style.LAB_ROLE || style == Style.CONSOLE_WIZARD;
        String taskRole;
        String executionRole;
        if (labRole) {
            taskRole = aws.iam().createRole(r -> r.roleName("LabRole").assumeRolePolicyDocument(trust)).role().arn();
            executionRole = taskRole;
        } else {
            taskRole = aws.iam().createRole(r -> r.roleName(n("sentiment-task-role", "", "oscar"))
                    .assumeRolePolicyDocument(trust)).role().arn();
            executionRole = aws.iam().createRole(r -> r.roleName(n("ecsTaskExecutionRole", "", "papa"))
                    .assumeRolePolicyDocument(trust)).role().arn();
        }
        String logGroup = "/ecs/" + n("sentiment-app-task", "mlops-task", "quebec");
        aws.logs().createLogGroup(r -> r.logGroupName(logGroup));

        String cluster = aws.ecs().createCluster(r -> r.clusterName(n("sentiment-app-cluster", "mlops-cluster", "romeo")))
                .cluster().clusterArn();
        String container = n("sentiment-app", "server", "sierra");
        List<software.amazon.awssdk.services.ecs.model.KeyValuePair> environment = random ? List.of()
                : List.of(software.amazon.awssdk.services.ecs.model.KeyValuePair.builder().name("MODEL_URI")
                        .value("s3://" + bucket + "/" + prefix).build());
        String taskDefinition = aws.ecs().registerTaskDefinition(r -> r.family(n("sentiment-app-task", "mlops-task", "tango"))
                .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC).cpu("1024").memory("3072")
                .runtimePlatform(p -> p.operatingSystemFamily(OSFamily.LINUX).cpuArchitecture(CPUArchitecture.X86_64))
                .taskRoleArn(taskRole).executionRoleArn(executionRole)
                .containerDefinitions(c -> c.name(container).image(repositoryUri + ":latest").essential(true)
                        .portMappings(p -> p.containerPort(8000))
                        .environment(environment)
                        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-group", logGroup,
                                "awslogs-region", aws.region().id(), "awslogs-stream-prefix", "ecs")))))
                .taskDefinition().taskDefinitionArn();
        List<String> serviceSubnets = mistake == Mistake.TASKS_IN_PUBLIC_SUBNETS ? publicSubnets : privateSubnets;
        String service = n("sentiment-app-service", "mlops-service", "uniform");
        aws.ecs().createService(r -> {
            r.cluster(cluster).serviceName(service).taskDefinition(taskDefinition).desiredCount(2)
                    .launchType(LaunchType.FARGATE)
                    .networkConfiguration(c -> c.awsvpcConfiguration(v -> v.subnets(serviceSubnets)
                            .securityGroups(taskGroup).assignPublicIp(mistake == Mistake.TASKS_WITH_PUBLIC_IP
                                    ? AssignPublicIp.ENABLED : AssignPublicIp.DISABLED)));
            if (mistake != Mistake.SERVICE_NOT_REGISTERED) {
                r.loadBalancers(l -> l.targetGroupArn(targetGroup).containerName(container).containerPort(8000));
            }
        });
        return new Built(vpc, List.copyOf(publicSubnets), List.copyOf(privateSubnets), nat, alb, targetGroup, service,
                bucket, repository, albGroup, taskGroup, igw);
    }

    private String privateTable(String name) {
        return aws.ec2().createRouteTable(r -> {
            r.vpcId(vpcId);
            if (!name.isEmpty()) {
                r.tagSpecifications(named(ResourceType.ROUTE_TABLE, name));
            }
        }).routeTable().routeTableId();
    }

    private void privateRoute(String table, String igw, String nat, boolean toInternetGateway) {
        if (toInternetGateway && mistake == Mistake.PRIVATE_ROUTE_TO_IGW) {
            aws.ec2().createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        } else {
            aws.ec2().createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
        }
    }

    /**
     * Someone else's VPC in the same account: its own subnets, internet gateway, an internet-facing load
     * balancer with a listener and target group, and a name that even looks like the lab's.
     */
    private void unrelatedVpcWithLoadBalancer() {
        var ec2 = aws.ec2();
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.50.0.0/16").tagSpecifications(named(ResourceType.VPC,
                "unrelated-sentiment-app-old"))).vpc().vpcId();
        List<String> zones = ec2.describeAvailabilityZones().availabilityZones().stream()
                .map(AvailabilityZone::zoneName).sorted().toList();
        List<String> subnets = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int k = i;
            subnets.add(ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.50." + k + ".0/24").availabilityZone(zones.get(k))
                    .tagSpecifications(named(ResourceType.SUBNET, "unrelated-public-" + k))).subnet().subnetId());
        }
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        String group = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("unrelated-web").description("web"))
                .groupId();
        String tg = aws.elb().createTargetGroup(r -> r.name("unrelated-tg").vpcId(vpc).protocol(ProtocolEnum.HTTP)
                .port(8080).targetType(TargetTypeEnum.INSTANCE)).targetGroups().get(0).targetGroupArn();
        String alb = aws.elb().createLoadBalancer(r -> r.name("sentiment-app-alb-old").subnets(subnets)
                .securityGroups(group).scheme(LoadBalancerSchemeEnum.INTERNET_FACING)).loadBalancers().get(0)
                .loadBalancerArn();
        aws.elb().createListener(r -> r.loadBalancerArn(alb).protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg)));
    }
}
