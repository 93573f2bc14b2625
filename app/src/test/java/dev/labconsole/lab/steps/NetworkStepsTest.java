package dev.labconsole.lab.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Pricing;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.TestLabContexts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * The network steps against the moto emulator: the topology they build, seen through raw describe
 * calls; a second apply that changes nothing; verify on a healthy and on a broken network; teardown
 * that leaves nothing tagged with the lab.
 */
@ExtendWith(MotoExtension.class)
class NetworkStepsTest {

    private static final Set<ResourceKey> NETWORK_KEYS = Set.of(ResourceKey.VPC, ResourceKey.PUBLIC_SUBNET_1,
            ResourceKey.PUBLIC_SUBNET_2, ResourceKey.PRIVATE_SUBNET_1, ResourceKey.PRIVATE_SUBNET_2,
            ResourceKey.AVAILABILITY_ZONES, ResourceKey.INTERNET_GATEWAY, ResourceKey.PUBLIC_ROUTE_TABLE,
            ResourceKey.ELASTIC_IP, ResourceKey.NAT_GATEWAY, ResourceKey.PRIVATE_ROUTE_TABLE,
            ResourceKey.ALB_SECURITY_GROUP, ResourceKey.TASK_SECURITY_GROUP);

    @TempDir
    Path home;

    private final List<LabEvent> events = Collections.synchronizedList(new ArrayList<>());
    private AwsClients aws;

    private final List<Step> steps = List.of(new VpcStep(), new SubnetsStep(), new InternetGatewayStep(),
            new PublicRoutesStep(), new NatGatewayStep(), new PrivateRoutesStep(), new SecurityGroupsStep());

    @AfterEach
    void closeClients() {
        if (aws != null) {
            aws.close();
        }
    }

    private LabContext context(MotoServer moto, String lab, Path stateHome) {
        if (aws == null) {
            aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        }
        LabContext context = TestLabContexts.quick(LabConfig.named(lab), aws, new LabStateStore(stateHome).open(lab),
                events::add);
        new IdentityStep().apply(context);
        return context;
    }

    private void applyAll(LabContext context) {
        for (Step step : steps) {
            step.apply(context);
        }
    }

    private List<Requirement> verifyAll(LabContext context) {
        List<Requirement> all = new ArrayList<>();
        for (Step step : steps) {
            all.addAll(step.verify(context));
        }
        return all;
    }

    private void destroyAll(LabContext context) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            steps.get(i).destroy(context);
        }
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static Filter labTag(String lab) {
        return filter("tag:" + LabContext.LAB_TAG, lab);
    }

    private static Route defaultRoute(RouteTable table) {
        return table.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())).findFirst()
                .orElseThrow(() -> new AssertionError("no default route in " + table.routeTableId()));
    }

    private static Set<String> associatedSubnets(RouteTable table) {
        return table.associations().stream().map(RouteTableAssociation::subnetId)
                .filter(s -> s != null).collect(Collectors.toSet());
    }

    /** How many of each kind of resource the VPC and the lab hold, to prove a second apply adds none. */
    private static Map<String, Integer> counts(Ec2Client ec2, String lab, String vpcId) {
        return Map.of(
                "subnets", ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpcId))).subnets().size(),
                "route tables", ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpcId))).routeTables().size(),
                "internet gateways", ec2.describeInternetGateways(r -> r.filters(filter("attachment.vpc-id", vpcId)))
                        .internetGateways().size(),
                // moto ignores DescribeNatGateways filters: check the VPC here.
                "NAT gateways", (int) ec2.describeNatGateways(r -> r.filter(filter("vpc-id", vpcId))).natGateways()
                        .stream().filter(g -> vpcId.equals(g.vpcId()) && !"deleted".equals(g.stateAsString())).count(),
                "addresses", ec2.describeAddresses(r -> r.filters(labTag(lab))).addresses().size(),
                "security groups", ec2.describeSecurityGroups(r -> r.filters(filter("vpc-id", vpcId)))
                        .securityGroups().size(),
                "vpcs", ec2.describeVpcs(r -> r.filters(labTag(lab))).vpcs().size());
    }

    private static Requirement requirement(List<Requirement> requirements, String text) {
        return requirements.stream().filter(r -> r.text().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no requirement '" + text + "' in " + requirements));
    }

    @Test
    void buildsTheNetworkChecksItFindsBreakageAndTearsItDown(MotoServer moto) {
        String lab = "net-test-a";
        LabContext context = context(moto, lab, home);
        Ec2Client ec2 = aws.ec2();

        for (Step step : steps) {
            assertThat(step.plan(context)).as(step.id().name()).isEqualTo(PlanAction.CREATE);
        }
        applyAll(context);
        Map<ResourceKey, String> ids = context.state().ids();
        String vpcId = ids.get(ResourceKey.VPC);

        // Subnets: four, right CIDRs, one public and one private in each of two zones, public IPs on launch.
        List<Subnet> subnets = ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpcId))).subnets();
        assertThat(subnets).extracting(Subnet::cidrBlock)
                .containsExactlyInAnyOrder("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "10.0.4.0/24");
        Map<String, Subnet> byCidr = subnets.stream().collect(Collectors.toMap(Subnet::cidrBlock, s -> s));
        assertThat(byCidr.get("10.0.1.0/24").subnetId()).isEqualTo(ids.get(ResourceKey.PUBLIC_SUBNET_1));
        assertThat(byCidr.get("10.0.4.0/24").subnetId()).isEqualTo(ids.get(ResourceKey.PRIVATE_SUBNET_2));
        assertThat(byCidr.get("10.0.1.0/24").availabilityZone())
                .isNotEqualTo(byCidr.get("10.0.2.0/24").availabilityZone())
                .isEqualTo(byCidr.get("10.0.3.0/24").availabilityZone());
        assertThat(byCidr.get("10.0.2.0/24").availabilityZone()).isEqualTo(byCidr.get("10.0.4.0/24").availabilityZone());
        assertThat(subnets.stream().map(Subnet::availabilityZone).distinct()).hasSize(2);
        assertThat(byCidr.get("10.0.1.0/24").mapPublicIpOnLaunch()).isTrue();
        assertThat(byCidr.get("10.0.2.0/24").mapPublicIpOnLaunch()).isTrue();
        assertThat(byCidr.get("10.0.3.0/24").mapPublicIpOnLaunch()).isFalse();
        assertThat(byCidr.get("10.0.1.0/24").tags()).anyMatch(t -> t.key().equals("Name")
                && t.value().equals(lab + "-public-subnet-1"));
        assertThat(ids.get(ResourceKey.AVAILABILITY_ZONES)).isEqualTo(byCidr.get("10.0.1.0/24").availabilityZone()
                + "," + byCidr.get("10.0.2.0/24").availabilityZone());

        // Internet gateway attached to the VPC.
        String igwId = ids.get(ResourceKey.INTERNET_GATEWAY);
        assertThat(ec2.describeInternetGateways(r -> r.filters(filter("attachment.vpc-id", vpcId)))
                .internetGateways()).singleElement().satisfies(g -> assertThat(g.internetGatewayId()).isEqualTo(igwId));

        // Public route table: default route to the IGW, both public subnets.
        RouteTable publicTable = ec2.describeRouteTables(r -> r.routeTableIds(ids.get(ResourceKey.PUBLIC_ROUTE_TABLE)))
                .routeTables().get(0);
        assertThat(defaultRoute(publicTable).gatewayId()).isEqualTo(igwId);
        assertThat(associatedSubnets(publicTable)).containsExactlyInAnyOrder(ids.get(ResourceKey.PUBLIC_SUBNET_1),
                ids.get(ResourceKey.PUBLIC_SUBNET_2));

        // NAT gateway: available, in public-subnet-1, with the lab's Elastic IP.
        NatGateway nat = ec2.describeNatGateways(r -> r.natGatewayIds(ids.get(ResourceKey.NAT_GATEWAY)))
                .natGateways().get(0);
        assertThat(nat.stateAsString()).isEqualTo("available");
        assertThat(nat.subnetId()).isEqualTo(ids.get(ResourceKey.PUBLIC_SUBNET_1));
        assertThat(nat.natGatewayAddresses()).extracting(a -> a.allocationId())
                .containsExactly(ids.get(ResourceKey.ELASTIC_IP));
        assertThat(events).anyMatch(e -> e.kind() == LabEvent.Kind.WAITING
                && e.message().contains("NAT gateway to become available"));

        // Private route table: default route to the NAT gateway, both private subnets.
        RouteTable privateTable = ec2.describeRouteTables(r -> r.routeTableIds(
                ids.get(ResourceKey.PRIVATE_ROUTE_TABLE))).routeTables().get(0);
        assertThat(defaultRoute(privateTable).natGatewayId()).isEqualTo(nat.natGatewayId());
        assertThat(associatedSubnets(privateTable)).containsExactlyInAnyOrder(ids.get(ResourceKey.PRIVATE_SUBNET_1),
                ids.get(ResourceKey.PRIVATE_SUBNET_2));

        // Security groups: 80 from anywhere into the ALB group; 8000 only from the ALB group into the tasks.
        String albSg = ids.get(ResourceKey.ALB_SECURITY_GROUP);
        String taskSg = ids.get(ResourceKey.TASK_SECURITY_GROUP);
        SecurityGroup alb = ec2.describeSecurityGroups(r -> r.groupIds(albSg)).securityGroups().get(0);
        assertThat(alb.groupName()).isEqualTo(lab + "-alb-sg");
        assertThat(alb.ipPermissions()).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("tcp");
            assertThat(p.fromPort()).isEqualTo(80);
            assertThat(p.toPort()).isEqualTo(80);
            assertThat(p.ipRanges()).extracting(x -> x.cidrIp()).containsExactly("0.0.0.0/0");
        });
        SecurityGroup task = ec2.describeSecurityGroups(r -> r.groupIds(taskSg)).securityGroups().get(0);
        assertThat(task.ipPermissions()).singleElement().satisfies(p -> {
            assertThat(p.fromPort()).isEqualTo(8000);
            assertThat(p.ipRanges()).isEmpty();
            assertThat(p.userIdGroupPairs()).extracting(g -> g.groupId()).containsExactly(albSg);
        });

        // A second apply finds everything and adds nothing.
        Map<String, Integer> before = counts(ec2, lab, vpcId);
        assertThat(before).containsEntry("subnets", 4).containsEntry("route tables", 3)
                .containsEntry("NAT gateways", 1).containsEntry("addresses", 1).containsEntry("security groups", 3);
        for (Step step : steps) {
            assertThat(step.plan(context)).as(step.id().name()).isEqualTo(PlanAction.NOTHING);
        }
        applyAll(context);
        assertThat(context.state().ids()).isEqualTo(ids);
        assertThat(counts(ec2, lab, vpcId)).isEqualTo(before);
        assertThat(ec2.describeSecurityGroups(r -> r.groupIds(albSg, taskSg)).securityGroups())
                .allSatisfy(g -> assertThat(g.ipPermissions()).hasSize(1));

        // Verify: every requirement met.
        List<Requirement> healthy = verifyAll(context);
        assertThat(healthy).filteredOn(r -> !r.met()).isEmpty();
        assertThat(healthy).extracting(Requirement::text).contains(
                "public route table sends 0.0.0.0/0 to the internet gateway",
                "public-subnet-1 is associated with the public route table",
                "private route table sends 0.0.0.0/0 to the NAT gateway",
                "task security group " + lab + "-task-sg opens no port to the internet");

        // Inventory: the NAT gateway and its address are billed separately.
        List<LabResource> natInventory = new NatGatewayStep().inventory(context);
        assertThat(natInventory).extracting(LabResource::kind, LabResource::id, LabResource::hourlyUsd)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("NAT gateway", nat.natGatewayId(), Pricing.NAT_GATEWAY),
                        org.assertj.core.groups.Tuple.tuple("Elastic IP", ids.get(ResourceKey.ELASTIC_IP),
                                Pricing.PUBLIC_IPV4));
        assertThat(new SubnetsStep().inventory(context)).hasSize(4);
        assertThat(new PublicRoutesStep().inventory(context)).extracting(LabResource::id)
                .containsExactly(publicTable.routeTableId());

        // Break it by hand: private traffic to the IGW, the container port open to the internet.
        ec2.replaceRoute(r -> r.routeTableId(privateTable.routeTableId()).destinationCidrBlock("0.0.0.0/0")
                .gatewayId(igwId));
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(taskSg).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(8000).toPort(8000)
                .ipRanges(x -> x.cidrIp("0.0.0.0/0")).build()));
        List<Requirement> broken = verifyAll(context);
        Requirement privateRoute = requirement(broken, "private route table sends 0.0.0.0/0 to the NAT gateway");
        assertThat(privateRoute.met()).isFalse();
        assertThat(privateRoute.detail()).contains(igwId);
        Requirement closed = requirement(broken, "task security group " + lab + "-task-sg opens no port to the internet");
        assertThat(closed.met()).isFalse();
        assertThat(closed.detail()).contains("tcp 8000");
        assertThat(broken).filteredOn(r -> !r.met()).hasSize(2);

        // Apply repairs the route (and warns about the open port, which a student opened on purpose or not).
        events.clear();
        new PrivateRoutesStep().apply(context);
        new SecurityGroupsStep().apply(context);
        assertThat(defaultRoute(ec2.describeRouteTables(r -> r.routeTableIds(privateTable.routeTableId()))
                .routeTables().get(0)).natGatewayId()).isEqualTo(nat.natGatewayId());
        assertThat(events).anyMatch(e -> e.kind() == LabEvent.Kind.WARNING && e.message().contains("tcp 8000"));

        // Teardown in reverse order leaves nothing tagged with the lab, and a second teardown is quiet.
        destroyAll(context);
        assertNothingTagged(ec2, lab);
        assertThat(ec2.describeNatGateways(r -> r.natGatewayIds(nat.natGatewayId())).natGateways())
                .allSatisfy(g -> assertThat(g.stateAsString()).isEqualTo("deleted"));
        assertThat(context.state().ids().keySet()).doesNotContainAnyElementsOf(NETWORK_KEYS);
        destroyAll(context);
        for (Step step : steps) {
            assertThat(step.inventory(context)).as(step.id().name()).isEmpty();
        }
    }

    private static void assertNothingTagged(Ec2Client ec2, String lab) {
        assertThat(ec2.describeVpcs(r -> r.filters(labTag(lab))).vpcs()).isEmpty();
        assertThat(ec2.describeSubnets(r -> r.filters(labTag(lab))).subnets()).isEmpty();
        assertThat(ec2.describeInternetGateways(r -> r.filters(labTag(lab))).internetGateways()).isEmpty();
        assertThat(ec2.describeRouteTables(r -> r.filters(labTag(lab))).routeTables()).isEmpty();
        assertThat(ec2.describeNatGateways(r -> r.filter(labTag(lab))).natGateways())
                .filteredOn(g -> g.tags().stream().anyMatch(t -> t.key().equals(LabContext.LAB_TAG)
                        && t.value().equals(lab)))
                .allSatisfy(g -> assertThat(g.stateAsString()).isEqualTo("deleted"));
        assertThat(ec2.describeAddresses(r -> r.filters(labTag(lab))).addresses()).isEmpty();
        assertThat(ec2.describeSecurityGroups(r -> r.filters(labTag(lab))).securityGroups()).isEmpty();
    }

    @Test
    void aLostStateFileAdoptsTheTaggedNetworkInsteadOfBuildingASecond(MotoServer moto) {
        String lab = "net-test-b";
        LabContext first = context(moto, lab, home.resolve("first"));
        applyAll(first);
        Map<ResourceKey, String> ids = first.state().ids();
        Map<String, Integer> before = counts(aws.ec2(), lab, ids.get(ResourceKey.VPC));

        LabContext second = context(moto, lab, home.resolve("second"));
        for (Step step : steps) {
            assertThat(step.plan(second)).as(step.id().name()).isEqualTo(PlanAction.ADOPT);
        }
        applyAll(second);
        assertThat(second.state().ids()).isEqualTo(ids);
        assertThat(counts(aws.ec2(), lab, ids.get(ResourceKey.VPC))).isEqualTo(before);
        assertThat(events).anyMatch(e -> e.message().startsWith("adopted " + ids.get(ResourceKey.NAT_GATEWAY)));

        destroyAll(second);
        assertNothingTagged(aws.ec2(), lab);
    }

    @Test
    void onANewLabVerifyNamesWhatIsMissingAndTeardownIsQuiet(MotoServer moto) {
        // Another lab's network in the same account must not count as this lab's.
        LabContext neighbour = context(moto, "net-test-d", home.resolve("neighbour"));
        applyAll(neighbour);

        String lab = "net-test-c";
        LabContext context = context(moto, lab, home);
        for (Step step : steps) {
            assertThat(step.plan(context)).as(step.id().name()).isEqualTo(PlanAction.CREATE);
            assertThat(step.inventory(context)).as(step.id().name()).isEmpty();
        }
        List<Requirement> requirements = verifyAll(context);
        assertThat(requirements).isNotEmpty().allSatisfy(r -> assertThat(r.met()).as(r.text()).isFalse());
        assertThat(requirements).extracting(Requirement::text)
                .contains("public-subnet-1 (" + lab + "-public-subnet-1) with CIDR 10.0.1.0/24 in the lab VPC",
                        "NAT gateway " + lab + "-nat is available in public-subnet-1");
        destroyAll(context);
        assertThat(context.state().ids().keySet()).doesNotContainAnyElementsOf(NETWORK_KEYS);
        assertThat(new NatGatewayStep().plannedHourlyUsd(context.config()))
                .isEqualTo(Pricing.NAT_GATEWAY + Pricing.PUBLIC_IPV4);
        assertThat(new SubnetsStep().cliEquivalent(context)).contains("aws ec2 create-subnet", "10.0.4.0/24",
                lab + "-private-subnet-2");
        assertThat(new NatGatewayStep().cliEquivalent(context)).contains("aws ec2 create-nat-gateway",
                lab + "-nat-eip", "--client-token");
        assertThat(counts(aws.ec2(), "net-test-d", neighbour.state().require(ResourceKey.VPC,
                dev.labconsole.lab.StepId.VPC))).containsEntry("NAT gateways", 1).containsEntry("subnets", 4);

        destroyAll(neighbour);
        assertNothingTagged(aws.ec2(), "net-test-d");
    }
}
