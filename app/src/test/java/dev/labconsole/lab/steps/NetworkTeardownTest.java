package dev.labconsole.lab.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.aws.Retry;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Teardown without the state file finds the lab's network by its tags, and leaves alone what the
 * lab did not tag even when it looks like the lab's (a student's own route table to the NAT gateway).
 */
@ExtendWith(MotoExtension.class)
class NetworkTeardownTest {

    @TempDir
    Path home;

    private AwsClients aws;

    private final List<Step> steps = List.of(new VpcStep(), new SubnetsStep(), new InternetGatewayStep(),
            new PublicRoutesStep(), new NatGatewayStep(), new PrivateRoutesStep(), new SecurityGroupsStep());

    @AfterEach
    void closeClients() {
        if (aws != null) {
            aws.close();
        }
    }

    private LabContext context(String lab, Path stateHome) {
        return new LabContext(LabConfig.named(lab), aws, new LabStateStore(stateHome).open(lab), e -> { },
                new Retry(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(2),
                        d -> Thread.sleep(d.toMillis()), () -> false), Duration.ofSeconds(30));
    }

    private static Filter labTag(String lab) {
        return Filter.builder().name("tag:" + LabContext.LAB_TAG).values(lab).build();
    }

    @Test
    void teardownWithoutStateFindsTheLabByTagAndSparesUntaggedLookAlikes(MotoServer moto) {
        String lab = "net-test-down";
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        Ec2Client ec2 = aws.ec2();
        LabContext built = context(lab, home.resolve("built"));
        for (Step step : steps) {
            step.apply(built);
        }
        String vpc = built.state().require(ResourceKey.VPC, StepId.VPC);
        String nat = built.state().require(ResourceKey.NAT_GATEWAY, StepId.NAT_GATEWAY);
        // The student's own table, untagged, routing to the lab's NAT gateway like the lab's private table.
        String own = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(own).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));

        LabContext lost = context(lab, home.resolve("lost"));
        // Verify records the VPC, so the look-alike is findable by shape: teardown must still skip it.
        new VpcStep().verify(lost);
        assertThat(lost.state().get(ResourceKey.VPC)).contains(vpc);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = steps.size() - 1; i >= 1; i--) {
                steps.get(i).destroy(lost);
            }
        }
        assertThat(ec2.describeRouteTables(r -> r.routeTableIds(own)).routeTables()).hasSize(1);
        assertThat(ec2.describeSubnets(r -> r.filters(labTag(lab))).subnets()).isEmpty();
        assertThat(ec2.describeRouteTables(r -> r.filters(labTag(lab))).routeTables()).isEmpty();
        assertThat(ec2.describeInternetGateways(r -> r.filters(labTag(lab))).internetGateways()).isEmpty();
        assertThat(ec2.describeAddresses(r -> r.filters(labTag(lab))).addresses()).isEmpty();
        assertThat(ec2.describeSecurityGroups(r -> r.filters(labTag(lab))).securityGroups()).isEmpty();
        assertThat(ec2.describeNatGateways(r -> r.natGatewayIds(nat)).natGateways())
                .allSatisfy(g -> assertThat(g.stateAsString()).isEqualTo("deleted"));

        ec2.deleteRouteTable(r -> r.routeTableId(own));
        steps.get(0).destroy(lost);
        assertThat(ec2.describeVpcs(r -> r.filters(labTag(lab))).vpcs()).isEmpty();
    }
}
