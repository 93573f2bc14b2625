package dev.labconsole.lab.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.Pricing;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.RunResult;
import dev.labconsole.lab.StepId;
import dev.labconsole.lab.StepOutcome;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The network section through the engine, as the window and command line run it: its steps in
 * parallel where the graph allows, then the check, the inventory and the teardown.
 */
@ExtendWith(MotoExtension.class)
class NetworkEngineTest {

    // apply adopts a lab built by hand when exactly one fits: other test classes' labs must not be in the account.
    @org.junit.jupiter.api.BeforeEach
    void cleanAccount(MotoServer moto) {
        moto.reset();
    }


    private static final Set<StepId> NETWORK = EnumSet.of(StepId.VPC, StepId.SUBNETS, StepId.INTERNET_GATEWAY,
            StepId.PUBLIC_ROUTES, StepId.NAT_GATEWAY, StepId.PRIVATE_ROUTES, StepId.SECURITY_GROUPS);

    @TempDir
    Path home;

    @Test
    void theEngineBuildsChecksPricesAndTearsDownTheNetwork(MotoServer moto) {
        String lab = "net-engine";
        List<LabEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()),
                MotoServer.CREDENTIALS);
                LabEngine engine = LabEngine.open(LabConfig.named(lab), aws, new LabStateStore(home), events::add)) {
            RunResult applied = engine.apply(EnumSet.of(StepId.PRIVATE_ROUTES, StepId.SECURITY_GROUPS));
            assertThat(applied.outcomes()).containsKeys(NETWORK.toArray(StepId[]::new));
            assertThat(applied.outcomes().values()).allSatisfy(o -> assertThat(o.ok()).as(o.step() + ": "
                    + o.message()).isTrue());

            List<Requirement> requirements = engine.check(NETWORK);
            assertThat(requirements).extracting(Requirement::step).containsAll(NETWORK);
            assertThat(requirements).allSatisfy(r -> assertThat(r.met()).as(r.text() + ": " + r.detail()).isTrue());

            List<LabResource> network = engine.inventory().stream().filter(r -> NETWORK.contains(r.step())).toList();
            assertThat(network).extracting(LabResource::kind).contains("VPC", "subnet", "internet gateway",
                    "route table", "NAT gateway", "Elastic IP", "security group");
            assertThat(network.stream().mapToDouble(LabResource::hourlyUsd).sum())
                    .isEqualTo(Pricing.NAT_GATEWAY + Pricing.PUBLIC_IPV4, org.assertj.core.data.Offset.offset(1e-9));

            RunResult destroyed = engine.destroy();
            for (StepId step : NETWORK) {
                StepOutcome outcome = destroyed.outcomes().get(step);
                assertThat(outcome.ok()).as(step + ": " + outcome.message()).isTrue();
            }
            assertThat(destroyed.leftovers()).noneMatch(r -> NETWORK.contains(r.step()));
            Filter tagged = Filter.builder().name("tag:" + LabContext.LAB_TAG).values(lab).build();
            assertThat(aws.ec2().describeVpcs(r -> r.filters(tagged)).vpcs()).isEmpty();
            assertThat(aws.ec2().describeSubnets(r -> r.filters(tagged)).subnets()).isEmpty();
            assertThat(aws.ec2().describeAddresses(r -> r.filters(tagged)).addresses()).isEmpty();
        }
    }
}
