package dev.labconsole.lab.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.PlanAction;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * A student built the network by hand in the console, following the lab's instructions, with no lab
 * tags: verify finds every part by its name or shape, and apply adopts it instead of building a second.
 */
@ExtendWith(MotoExtension.class)
class NetworkAdoptionTest {

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

    private static TagSpecification named(ResourceType type, String name) {
        return TagSpecification.builder().resourceType(type).tags(t -> t.key("Name").value(name)).build();
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    @Test
    void adoptsANetworkBuiltByHand(MotoServer moto) {
        String lab = "net-hand";
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        Ec2Client ec2 = aws.ec2();
        List<String> zones = ec2.describeAvailabilityZones().availabilityZones().stream()
                .map(z -> z.zoneName()).sorted().toList();

        // By hand: only Name tags on what the instructions name; subnets and route tables not even that.
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")
                .tagSpecifications(named(ResourceType.VPC, lab + "-vpc"))).vpc().vpcId();
        ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
        String[] cidrs = {"10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "10.0.4.0/24"};
        String[] subnets = new String[4];
        for (int i = 0; i < 4; i++) {
            String zone = zones.get(i % 2);
            String cidr = cidrs[i];
            subnets[i] = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId();
        }
        for (int i = 0; i < 2; i++) {
            String subnet = subnets[i];
            ec2.modifySubnetAttribute(r -> r.subnetId(subnet)
                    .mapPublicIpOnLaunch(AttributeBooleanValue.builder().value(true).build()));
        }
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        String publicRt = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(publicRt).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.associateRouteTable(r -> r.routeTableId(publicRt).subnetId(subnets[0]));
        ec2.associateRouteTable(r -> r.routeTableId(publicRt).subnetId(subnets[1]));
        String eip = ec2.allocateAddress(r -> r.domain(DomainType.VPC)).allocationId();
        String nat = ec2.createNatGateway(r -> r.subnetId(subnets[0]).allocationId(eip)).natGateway().natGatewayId();
        String privateRt = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(privateRt).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
        ec2.associateRouteTable(r -> r.routeTableId(privateRt).subnetId(subnets[2]));
        ec2.associateRouteTable(r -> r.routeTableId(privateRt).subnetId(subnets[3]));
        String albSg = ec2.createSecurityGroup(r -> r.groupName(lab + "-alb-sg").description("alb").vpcId(vpc))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(albSg).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(80).toPort(80).ipRanges(x -> x.cidrIp("0.0.0.0/0")).build()));
        String taskSg = ec2.createSecurityGroup(r -> r.groupName(lab + "-task-sg").description("task").vpcId(vpc))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(taskSg).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(8000).toPort(8000).userIdGroupPairs(g -> g.groupId(albSg)).build()));

        LabContext context = TestLabContexts.quick(LabConfig.named(lab), aws, new LabStateStore(home).open(lab),
                events::add);
        new IdentityStep().apply(context);

        List<Requirement> requirements = new ArrayList<>();
        for (Step step : steps) {
            requirements.addAll(step.verify(context));
        }
        assertThat(requirements).filteredOn(r -> !r.met()).isEmpty();
        assertThat(context.state().ids()).containsAllEntriesOf(Map.of(
                ResourceKey.VPC, vpc, ResourceKey.PUBLIC_SUBNET_1, subnets[0], ResourceKey.PRIVATE_SUBNET_2, subnets[3],
                ResourceKey.INTERNET_GATEWAY, igw, ResourceKey.PUBLIC_ROUTE_TABLE, publicRt,
                ResourceKey.NAT_GATEWAY, nat, ResourceKey.ELASTIC_IP, eip, ResourceKey.PRIVATE_ROUTE_TABLE, privateRt,
                ResourceKey.ALB_SECURITY_GROUP, albSg, ResourceKey.TASK_SECURITY_GROUP, taskSg));
        for (Step step : steps) {
            assertThat(step.plan(context)).as(step.id().name()).isEqualTo(PlanAction.NOTHING);
        }

        int subnetCount = ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpc))).subnets().size();
        int tableCount = ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpc))).routeTables().size();
        int groupCount = ec2.describeSecurityGroups(r -> r.filters(filter("vpc-id", vpc))).securityGroups().size();
        Map<ResourceKey, String> ids = context.state().ids();
        for (Step step : steps) {
            step.apply(context);
        }
        assertThat(context.state().ids()).isEqualTo(ids);
        assertThat(ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpc))).subnets()).hasSize(subnetCount);
        assertThat(ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpc))).routeTables()).hasSize(tableCount);
        assertThat(ec2.describeSecurityGroups(r -> r.filters(filter("vpc-id", vpc))).securityGroups())
                .hasSize(groupCount);
        assertThat(ec2.describeNatGateways().natGateways())
                .filteredOn(g -> vpc.equals(g.vpcId()) && !"deleted".equals(g.stateAsString()))
                .extracting(g -> g.natGatewayId()).containsExactly(nat);
        assertThat(ec2.describeSecurityGroups(r -> r.groupIds(albSg, taskSg)).securityGroups())
                .allSatisfy(g -> assertThat(g.ipPermissions()).hasSize(1));
    }
}
