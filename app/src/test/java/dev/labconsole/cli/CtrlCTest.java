package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabState;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import dev.labconsole.lab.StepRecord;
import dev.labconsole.testing.LabConsoleProcess;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.TaggedResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (a real SIGINT) to a real {@code labconsole apply} / {@code destroy} process against moto, while
 * the proxy in front of it holds the NAT gateway's wait open: the process ends within seconds saying it
 * stopped and how to go on, the state file it leaves parses and records what was done, and the same
 * command again (the proxy released) finishes what was left without building anything twice.
 */
@ExtendWith(MotoExtension.class)
class CtrlCTest {

    private static final String LAB = "ctrl-c";
    /** The wait's own timeout is minutes; the stop must come from Ctrl-C, within a few seconds of it. */
    private static final Duration STOPS_WITHIN = Duration.ofSeconds(8);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final String HOW_TO_GO_ON = "run the same command again to carry on";

    @TempDir
    Path home;

    private AwsLikeProxy proxy;
    private AwsClients aws;

    @BeforeEach
    void cleanAccount(MotoServer moto) throws Exception {
        moto.reset();
        proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.asIs());
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
    }

    @AfterEach
    void close() {
        aws.close();
        proxy.close();
    }

    /**
     * Sends Ctrl-C once {@code run} printed {@code waiting}, checks it ended soon saying how to carry on and
     * left no temporary file, and returns the state it saved.
     */
    private LabState interruptWhile(LabConsoleProcess run, String waiting) throws Exception {
        run.awaitOutput(waiting, RUN_TIMEOUT);

        run.interrupt();

        assertThat(run.ended(STOPS_WITHIN)).as("the command ended soon after Ctrl-C").isTrue();
        assertThat(run.output()).contains("Stopping:").contains(HOW_TO_GO_ON);
        assertThat(LabConsoleProcess.temporaryStateFiles(home)).isEmpty();
        return new LabStateStore(home).load(LAB).orElseThrow();
    }

    @Test
    void ctrlCStopsAnApplyWaitingForTheNatGatewayAndTheSameCommandResumesIt() throws Exception {
        proxy.hold("DescribeNatGateways", "<state>available</state>", "<state>pending</state>");
        LabState stopped = interruptWhile(LabConsoleProcess.start(home, LAB, proxy.endpoint(), "apply", "--yes"),
                "waiting for the NAT gateway");

        assertThat(stopped.steps().get(StepId.VPC).state()).isEqualTo(StepRecord.Status.DONE);
        assertThat(stopped.steps().get(StepId.SUBNETS).state()).isEqualTo(StepRecord.Status.DONE);
        assertThat(stopped.steps().get(StepId.NAT_GATEWAY).state()).as("stopped mid-wait")
                .isEqualTo(StepRecord.Status.FAILED);
        assertThat(stopped.steps().get(StepId.NAT_GATEWAY).message()).startsWith("stopped");
        String vpc = stopped.get(ResourceKey.VPC).orElseThrow();
        String gateway = stopped.get(ResourceKey.NAT_GATEWAY).orElseThrow();

        proxy.release();
        LabConsoleProcess again = LabConsoleProcess.start(home, LAB, proxy.endpoint(), "apply", "--yes");

        assertThat(again.ended(RUN_TIMEOUT)).isTrue();
        assertThat(again.exitValue()).as(again.output()).isZero();
        LabState resumed = new LabStateStore(home).load(LAB).orElseThrow();
        assertThat(resumed.get(ResourceKey.VPC)).contains(vpc);
        assertThat(resumed.get(ResourceKey.NAT_GATEWAY)).as("the same gateway, waited for again").contains(gateway);
        Map<String, Integer> made = TaggedResources.count(aws, LAB);
        assertThat(made).as("nothing built twice").containsEntry("vpc", 1).containsEntry("nat", 1)
                .containsEntry("eip", 1).containsEntry("subnet", 4).containsEntry("igw", 1)
                .containsEntry("load balancer", 1);
    }

    @Test
    void ctrlCStopsADestroyWaitingForTheNatGatewayToGoAndTheSameCommandFinishesIt() throws Exception {
        // Built in this JVM, through the same endpoint the commands use: the state records where it belongs.
        try (AwsClients viaProxy = AwsClients.create(new AwsTarget("us-east-1", null, proxy.endpoint()),
                MotoServer.CREDENTIALS);
                LabEngine engine = LabEngine.open(LabConfig.named(LAB), viaProxy, new LabStateStore(home), event -> { })) {
            assertThat(engine.apply().ok()).isTrue();
        }
        proxy.hold("DescribeNatGateways", "<state>deleted</state>", "<state>deleting</state>");
        LabState stopped = interruptWhile(LabConsoleProcess.start(home, LAB, proxy.endpoint(), "destroy", "--yes"),
                "usually about a minute");

        assertThat(stopped.steps().get(StepId.PRIVATE_ROUTES).state()).as("deleted before the gateway it names")
                .isEqualTo(StepRecord.Status.DESTROYED);
        assertThat(stopped.steps().get(StepId.NAT_GATEWAY).state()).isEqualTo(StepRecord.Status.FAILED);
        assertThat(stopped.steps().get(StepId.VPC).state()).as("not reached: the VPC waits for the gateway")
                .isEqualTo(StepRecord.Status.DONE);
        assertThat(stopped.get(ResourceKey.VPC)).isPresent();
        assertThat(TaggedResources.count(aws, LAB)).containsEntry("vpc", 1);

        proxy.release();
        LabConsoleProcess again = LabConsoleProcess.start(home, LAB, proxy.endpoint(), "destroy", "--yes");

        assertThat(again.ended(RUN_TIMEOUT)).isTrue();
        assertThat(again.exitValue()).as(again.output()).isZero();
        assertThat(again.output()).contains("0 resources left");
        assertThat(TaggedResources.none(aws, LAB)).as(TaggedResources.count(aws, LAB).toString()).isTrue();
    }
}
