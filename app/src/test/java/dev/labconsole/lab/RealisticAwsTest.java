package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.TaggedResources;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lab through the AWS-like proxy: AWS's waits (on a 1/100 scale), its teardown-order errors,
 * the first cluster's service-linked role, and replies lost after AWS acted.
 */
@ExtendWith(MotoExtension.class)
class RealisticAwsTest {

    static final double SCALE = 0.01;

    @TempDir
    Path home;

    private final List<LabEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void cleanAccount(MotoServer moto) {
        moto.reset();
    }

    static AwsClients clients(URI endpoint) {
        return AwsClients.create(new AwsTarget("us-east-1", null, endpoint), MotoServer.CREDENTIALS);
    }

    private LabEngine engine(AwsClients aws, String lab) {
        return LabEngine.open(LabConfig.named(lab), aws, new LabStateStore(home), events::add);
    }

    private static String failures(RunResult result) {
        return result.outcomes().values().stream().filter(o -> !o.ok()).map(o -> o.step() + ": " + o.message())
                .toList().toString();
    }

    @Test
    void applyAndDestroyConvergeWithAwsTiming(MotoServer moto) throws Exception {
        String lab = "realistic";
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(SCALE));
                AwsClients aws = clients(proxy.endpoint());
                AwsClients direct = clients(moto.endpoint())) {
            try (LabEngine engine = engine(aws, lab)) {
                RunResult applied = engine.apply();
                assertThat(applied.outcomes().values()).as(failures(applied)).allMatch(StepOutcome::ok);
            }
            assertThat(TaggedResources.count(direct, lab)).containsEntry("vpc", 1).containsEntry("nat", 1)
                    .containsEntry("load balancer", 1);
            try (LabEngine engine = engine(aws, lab)) {
                RunResult destroyed = engine.destroy();
                assertThat(destroyed.outcomes().values()).as(failures(destroyed)).allMatch(StepOutcome::ok);
                assertThat(destroyed.leftovers()).isEmpty();
            }
            assertThat(TaggedResources.count(direct, lab)).allSatisfy((kind, n) -> assertThat(n).as(kind).isZero());
        }
    }

    @Test
    void aReplyLostAfterAwsActedNeverLeavesADuplicate(MotoServer moto) throws Exception {
        String lab = "lost-replies";
        EmulatorSettings lossy = EmulatorSettings.realistic(0).withFaults(0.15, 3,
                EnumSet.of(EmulatorSettings.Fault.LOST_REPLY));
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), lossy);
                AwsClients aws = clients(proxy.endpoint());
                AwsClients direct = clients(moto.endpoint())) {
            try (LabEngine engine = engine(aws, lab)) {
                RunResult applied = engine.apply();
                assertThat(applied.outcomes().values()).as(failures(applied)).allMatch(StepOutcome::ok);
            }
            assertThat(proxy.injected(EmulatorSettings.Fault.LOST_REPLY)).isGreaterThan(5);
            Map<String, Integer> counts = TaggedResources.count(direct, lab);
            assertThat(counts).containsEntry("vpc", 1).containsEntry("subnet", 4).containsEntry("igw", 1)
                    .containsEntry("eip", 1).containsEntry("nat", 1).containsEntry("security group", 2)
                    .containsEntry("route table", 2);
        }
    }
}
