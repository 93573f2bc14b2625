package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed run API against the emulator: one run at a time, typed events (phase, SKIPPED with its reason),
 * and a Stop that ends a long wait at once and leaves a state the next run resumes from. The wait is held
 * open by a proxy that reports the NAT gateway as still pending.
 */
@ExtendWith(MotoExtension.class)
class LabRunTest {

    @TempDir
    Path home;

    private final List<LabEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void cleanAccount(MotoServer moto) {
        moto.reset();
    }

    @Test
    void aSecondRunIsRefusedAndStopEndsALongWaitLeavingAResumableState(MotoServer moto) throws Exception {
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.asIs());
                AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, proxy.endpoint()),
                        MotoServer.CREDENTIALS);
                LabEngine engine = LabEngine.open(LabConfig.named("run-api"), aws, new LabStateStore(home),
                        events::add)) {
            proxy.hold("DescribeNatGateways", "<state>available</state>", "<state>pending</state>");

            LabRun run = engine.start(Phase.APPLY, Set.of(StepId.PRIVATE_ROUTES));
            awaitEvent(e -> e.step() == StepId.NAT_GATEWAY && e.kind() == LabEvent.Kind.WAITING);

            assertThat(engine.currentRun()).contains(run);
            assertThatThrownBy(() -> engine.start(Phase.DESTROY, Set.of()))
                    .isInstanceOf(RunInProgressException.class)
                    .satisfies(e -> assertThat(((RunInProgressException) e).running()).isSameAs(run));
            assertThatThrownBy(() -> engine.pushImage(home.resolve("image.tar"), layer -> { }))
                    .isInstanceOf(RunInProgressException.class);

            run.cancel();
            // The wait's own timeout is 2 minutes here: the run ends long before it, within a slice of the cancel.
            Optional<RunResult> stopped = run.await(Duration.ofSeconds(5));

            assertThat(stopped).as("the run ended soon after Stop").isPresent();
            StepOutcome nat = stopped.get().outcomes().get(StepId.NAT_GATEWAY);
            assertThat(nat.status()).isEqualTo(StepOutcome.Status.STOPPED);
            assertThat(stopped.get().stopped()).isTrue();
            assertThat(nat.message()).isEqualTo(LabEngine.stopped(false));
            assertThat(stopped.get().outcomes().get(StepId.PRIVATE_ROUTES).status())
                    .isEqualTo(StepOutcome.Status.SKIPPED);
            assertThat(events).filteredOn(e -> e.step() == StepId.PRIVATE_ROUTES && e.kind() == LabEvent.Kind.SKIPPED)
                    .singleElement().satisfies(e -> assertThat(e.message()).contains("NAT gateway"));
            assertThat(events).filteredOn(e -> e.step() != null).allSatisfy(e ->
                    assertThat(e.phase()).as(e.toString()).isEqualTo(Phase.APPLY));
            String gateway = engine.state().get(ResourceKey.NAT_GATEWAY).orElseThrow();
            assertThat(engine.state().steps().get(StepId.NAT_GATEWAY).state()).isEqualTo(StepRecord.Status.FAILED);
            assertThat(engine.currentRun()).isEmpty();

            // Resumed: the same gateway is waited for again, not a second one created.
            proxy.release();
            RunResult resumed = engine.start(Phase.APPLY, Set.of(StepId.PRIVATE_ROUTES)).await();

            assertThat(resumed.ok()).as(resumed.outcomes().toString()).isTrue();
            assertThat(engine.state().get(ResourceKey.NAT_GATEWAY)).contains(gateway);
        }
    }

    @Test
    void aDestroysEventsCarryItsPhaseAndATargetedDestroyTakesWhatNeedsItToo(MotoServer moto) {
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
                LabEngine engine = LabEngine.open(LabConfig.named("run-phase"), aws, new LabStateStore(home),
                        events::add)) {
            assertThat(engine.start(Phase.APPLY, Set.of(StepId.SUBNETS)).await().ok()).isTrue();
            events.clear();

            RunResult destroyed = engine.start(Phase.DESTROY, Set.of(StepId.VPC)).await();

            assertThat(destroyed.outcomes().keySet()).contains(StepId.VPC, StepId.SUBNETS)
                    .doesNotContain(StepId.BUCKET, StepId.IDENTITY);
            assertThat(destroyed.leftovers()).isEmpty();
            assertThat(events).filteredOn(e -> e.step() == StepId.VPC && e.kind() == LabEvent.Kind.DONE)
                    .singleElement().satisfies(e -> assertThat(e.destroying()).isTrue());
            assertThat(engine.state().get(ResourceKey.VPC)).isEmpty();
            assertThat(engine.state().steps().get(StepId.VPC).state()).isEqualTo(StepRecord.Status.DESTROYED);
        }
    }

    private void awaitEvent(java.util.function.Predicate<LabEvent> wanted) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (events.stream().noneMatch(wanted)) {
            assertThat(System.nanoTime()).as("the event came within a minute: " + events).isLessThan(end);
            Thread.sleep(20);
        }
    }
}
