package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's findings, each through the AWS-like proxy in front of moto: errors are never "no",
 * teardown never says "0 left" on a failed lookup, a DRAINING service is seen, and an endpoint that
 * never answers is reported in seconds.
 */
@ExtendWith(MotoExtension.class)
class AwsFindingsTest {

    @TempDir
    Path home;

    private final List<LabEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void cleanAccount(MotoServer moto) {
        moto.reset();
    }

    private static AwsClients clients(URI endpoint) {
        return RealisticAwsTest.clients(endpoint);
    }

    private LabEngine engine(AwsClients aws, String lab) {
        return LabEngine.open(LabConfig.named(lab), aws, new LabStateStore(home), events::add);
    }

    @Test
    void aTagLookupThatIsDeniedLeavesTheLoadBalancerUnknownNeverZeroLeft(MotoServer moto) throws Exception {
        String lab = "denied-tags";
        try (AwsClients direct = clients(moto.endpoint())) {
            try (LabEngine engine = engine(direct, lab)) {
                assertThat(engine.apply(EnumSet.of(StepId.LISTENER)).outcomes().values()).allMatch(StepOutcome::ok);
            }
            // From the tags alone (no state file), the load balancer is the lab's only if its tags say so.
            Files.delete(new LabStateStore(home).file(lab));
            try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(0));
                    AwsClients denied = clients(proxy.endpoint());
                    LabEngine engine = engine(denied, lab)) {
                proxy.deny("DescribeTags");
                RunResult result = engine.destroy();
                assertThat(result.nothingLeft()).as("a denied lookup is not 'nothing left'").isFalse();
                assertThat(result.ok()).isFalse();
                assertThat(result.unknown()).anySatisfy(u -> assertThat(u.why()).contains("access denied"));
            }
            assertThat(direct.elb().describeLoadBalancers().loadBalancers()).as("the load balancer still bills")
                    .hasSize(1);
            assertThat(new LabStateStore(home).file(lab)).as("the state file stays for the next try").exists();
        }
    }

    @Test
    void aDeniedLabRoleLookupIsSaidAndNoRolesAreCreated(MotoServer moto) throws Exception {
        String lab = "denied-role";
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(0));
                AwsClients aws = clients(proxy.endpoint());
                AwsClients direct = clients(moto.endpoint());
                LabEngine engine = engine(aws, lab)) {
            proxy.deny("GetRole");
            RunResult result = engine.apply(EnumSet.of(StepId.ROLES));
            assertThat(result.ok()).isFalse();
            assertThat(result.outcomes().values()).anySatisfy(o -> assertThat(o.message()).contains("LabRole"));
            assertThat(direct.iam().listRoles().roles()).as("no roles created on a guess")
                    .noneMatch(r -> r.roleName().startsWith(lab));
        }
    }

    @Test
    void destroySeesAServiceAlreadyDraining(MotoServer moto) throws Exception {
        String lab = "draining";
        try (AwsClients direct = clients(moto.endpoint())) {
            try (LabEngine engine = engine(direct, lab)) {
                assertThat(engine.apply(EnumSet.of(StepId.SERVICE)).outcomes().values()).allMatch(StepOutcome::ok);
            }
            try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(0.1));
                    AwsClients aws = clients(proxy.endpoint());
                    LabEngine engine = engine(aws, lab)) {
                // Deleted in the console a moment ago: DRAINING, its tasks still running and billing.
                aws.ecs().deleteService(r -> r.cluster(lab + "-cluster").service(lab + "-service").force(true));
                assertThat(engine.survey().found()).anySatisfy(r -> assertThat(r.state()).startsWith("draining"));
                RunResult result = engine.destroy();
                assertThat(result.nothingLeft()).as(result.outcomes().toString()).isTrue();
            }
            assertThat(events).anySatisfy(e -> assertThat(e.step() == StepId.SERVICE && e.kind() == LabEvent.Kind.WAITING
                    && e.message().contains("drains each task for 30 s")).isTrue());
        }
    }

    @Test
    void anEndpointThatNeverAnswersIsReportedWithinThirtySeconds() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            long start = System.nanoTime();
            try (AwsClients aws = clients(endpoint); LabEngine engine = engine(aws, "silent")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.check(EnumSet.noneOf(StepId.class)))
                        .isInstanceOf(AwsProblem.class)
                        .hasMessageContaining("did not answer within 20 s")
                        .hasMessageContaining("check the endpoint URL");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }
}
