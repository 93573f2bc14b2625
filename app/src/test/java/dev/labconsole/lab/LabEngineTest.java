package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.testing.DockerPush;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lab against the moto server: apply, the topology it builds, idempotency, resume after a
 * killed run, teardown from the state file and from tags alone, and convergence through a proxy that
 * spoils a share of the requests.
 */
@ExtendWith(MotoExtension.class)
class LabEngineTest {

    // apply adopts a lab built by hand when exactly one fits: other test classes' labs must not be in the account.
    @org.junit.jupiter.api.BeforeEach
    void cleanAccount(MotoServer moto) {
        moto.reset();
    }


    @TempDir
    Path home;

    private final List<LabEvent> events = new CopyOnWriteArrayList<>();

    private AwsClients clients(URI endpoint) {
        return AwsClients.create(new AwsTarget("us-east-1", null, endpoint), MotoServer.CREDENTIALS);
    }

    private LabEngine engine(AwsClients aws, String lab, LabListener listener) {
        return LabEngine.open(LabConfig.named(lab), aws, new LabStateStore(home), listener);
    }

    private static void assertAllDone(RunResult result) {
        assertThat(result.outcomes().values()).allSatisfy(o ->
                assertThat(o.status()).as(o.step() + ": " + o.message()).isEqualTo(StepOutcome.Status.DONE));
    }

    private static Map<String, Integer> taggedCounts(AwsClients aws, String lab) {
        return dev.labconsole.testing.TaggedResources.count(aws, lab);
    }

    @Test
    void appliesTheWholeLabOnceAndTearsItDownToNothing(MotoServer moto) {
        String lab = "engine-full";
        try (AwsClients aws = clients(moto.endpoint())) {
            // The NAT gateway's wait is held until the load balancer's step has started: apply only gets
            // past it if the two run at the same time.
            CountDownLatch loadBalancerStarted = new CountDownLatch(1);
            LabListener listener = event -> {
                events.add(event);
                if (event.step() == StepId.LOAD_BALANCER && event.kind() == LabEvent.Kind.STARTED) {
                    loadBalancerStarted.countDown();
                }
                if (event.step() == StepId.NAT_GATEWAY && event.kind() == LabEvent.Kind.WAITING) {
                    try {
                        loadBalancerStarted.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            Map<String, Integer> expected = Map.ofEntries(Map.entry("vpc", 1), Map.entry("subnet", 4),
                    Map.entry("igw", 1), Map.entry("route table", 2), Map.entry("nat", 1), Map.entry("eip", 1),
                    Map.entry("security group", 2), Map.entry("load balancer", 1), Map.entry("target group", 1),
                    Map.entry("service", 1), Map.entry("bucket", 1), Map.entry("repository", 1));
            Map<ResourceKey, String> firstIds;
            try (LabEngine engine = engine(aws, lab, listener)) {
                assertThat(engine.plan()).extracting(PlannedStep::action).contains(PlanAction.CREATE);
                assertAllDone(engine.apply());
                assertThat(taggedCounts(aws, lab)).isEqualTo(expected);
                firstIds = engine.state().ids();

                StepRecord nat = engine.state().step(StepId.NAT_GATEWAY).orElseThrow();
                StepRecord alb = engine.state().step(StepId.LOAD_BALANCER).orElseThrow();
                assertThat(nat.startedAt()).as("NAT gateway and load balancer overlap").isBefore(alb.endedAt());
                assertThat(alb.startedAt()).isBefore(nat.endedAt());

                DockerPush.latest(aws.ecr(), lab);
                // The service waited with 0 tasks for the image: applying again deploys it and scales it up.
                assertAllDone(engine.apply(EnumSet.of(StepId.SERVICE)));
                assertThat(engine.check(EnumSet.noneOf(StepId.class))).allSatisfy(r ->
                        assertThat(r.met()).as(r.text() + ": " + r.detail()).isTrue());
                assertThat(engine.cost(engine.inventory()).hourlyUsd()).isGreaterThan(0.1);
            }
            try (LabEngine again = engine(aws, lab, events::add)) {
                assertAllDone(again.apply());
                assertThat(taggedCounts(aws, lab)).as("a second apply creates nothing").isEqualTo(expected);
                Map<ResourceKey, String> ids = new java.util.EnumMap<>(again.state().ids());
                // The image pushed between the runs is deployed by digest: a new revision, nothing else new.
                String pushed = ids.get(ResourceKey.IMAGE);
                assertThat(pushed).startsWith(firstIds.get(ResourceKey.REPOSITORY_URI) + "@sha256:");
                assertThat(firstIds).doesNotContainKey(ResourceKey.IMAGE);
                assertThat(aws.ecs().describeTaskDefinition(r -> r.taskDefinition(lab)).taskDefinition()
                        .containerDefinitions().get(0).image()).isEqualTo(pushed);
                assertThat(ids.get(ResourceKey.TASK_DEFINITION)).isNotEqualTo(firstIds.get(ResourceKey.TASK_DEFINITION));
                Map<ResourceKey, String> unchanged = withoutVolatile(firstIds);
                unchanged.remove(ResourceKey.TASK_DEFINITION);
                assertThat(ids).containsAllEntriesOf(unchanged);

                RunResult teardown = again.destroy();
                assertThat(teardown.leftovers()).isEmpty();
                assertAllDone(teardown);
            }
            assertThat(taggedCounts(aws, lab).values()).allMatch(n -> n == 0);
            assertThat(new LabStateStore(home).load(lab)).as("a clean teardown removes the state file").isEmpty();
        }
    }

    private static Map<ResourceKey, String> withoutVolatile(Map<ResourceKey, String> ids) {
        Map<ResourceKey, String> stable = new java.util.EnumMap<>(ids);
        stable.remove(ResourceKey.CREATED_AT);
        return stable;
    }

    @Test
    void aRunStoppedHalfwayResumesWithoutDuplicates(MotoServer moto) {
        String lab = "engine-resume";
        try (AwsClients aws = clients(moto.endpoint())) {
            LabEngine[] first = new LabEngine[1];
            // Stop the run the moment the NAT gateway exists, as a killed process would.
            first[0] = engine(aws, lab, event -> {
                if (event.step() == StepId.NAT_GATEWAY && event.kind() == LabEvent.Kind.RESOURCE) {
                    first[0].cancel();
                }
            });
            RunResult stopped = first[0].apply();
            first[0].close();
            assertThat(stopped.ok()).isFalse();

            try (LabEngine resumed = engine(aws, lab, events::add)) {
                assertThat(resumed.state().get(ResourceKey.VPC)).as("the state file remembers the first run").isPresent();
                assertAllDone(resumed.apply());
                assertThat(taggedCounts(aws, lab)).containsEntry("vpc", 1).containsEntry("nat", 1)
                        .containsEntry("eip", 1).containsEntry("subnet", 4);
                assertThat(resumed.destroy().leftovers()).isEmpty();
            }
        }
    }

    @Test
    void destroyFindsTheLabByTagWhenTheStateFileIsGone(MotoServer moto) throws Exception {
        String lab = "engine-tags";
        try (AwsClients aws = clients(moto.endpoint())) {
            try (LabEngine engine = engine(aws, lab, events::add)) {
                assertAllDone(engine.apply());
            }
            java.nio.file.Files.delete(new LabStateStore(home).file(lab));
            try (LabEngine engine = engine(aws, lab, events::add)) {
                RunResult teardown = engine.destroy();
                assertThat(teardown.leftovers()).isEmpty();
            }
            assertThat(taggedCounts(aws, lab).values()).allMatch(n -> n == 0);
        }
    }

    @Test
    void applyAndDestroyConvergeThroughThrottlingErrorsAndDroppedConnections(MotoServer moto) throws Exception {
        String lab = "engine-faults";
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.faultsOnly(0.2, 42));
                AwsClients flaky = clients(proxy.endpoint());
                AwsClients direct = clients(moto.endpoint())) {
            try (LabEngine engine = engine(flaky, lab, events::add)) {
                assertAllDone(engine.apply());
            }
            assertThat(proxy.faults()).as("the proxy really spoiled requests").isGreaterThanOrEqualTo(5);
            Map<String, Integer> counts = taggedCounts(direct, lab);
            assertThat(counts).containsEntry("vpc", 1).containsEntry("subnet", 4).containsEntry("nat", 1)
                    .containsEntry("eip", 1).containsEntry("security group", 2).containsEntry("load balancer", 1)
                    .containsEntry("service", 1);
            try (LabEngine engine = engine(flaky, lab, events::add)) {
                assertThat(engine.destroy().leftovers()).isEmpty();
            }
            assertThat(taggedCounts(direct, lab).values()).allMatch(n -> n == 0);
        }
    }

    @Test
    void eventsTellWhatEachStepIsDoing(MotoServer moto) {
        String lab = "engine-events";
        try (AwsClients aws = clients(moto.endpoint()); LabEngine engine = engine(aws, lab, events::add)) {
            engine.apply(EnumSet.of(StepId.SUBNETS));
            List<StepId> started = new ArrayList<>();
            for (LabEvent e : events) {
                if (e.kind() == LabEvent.Kind.STARTED) {
                    started.add(e.step());
                }
            }
            assertThat(started).containsExactly(StepId.IDENTITY, StepId.VPC, StepId.SUBNETS);
            assertThat(events).anySatisfy(e -> assertThat(e.kind() == LabEvent.Kind.RESOURCE
                    && e.message().contains("vpc-")).isTrue());
            assertThat(engine.state().steps().get(StepId.SUBNETS).endedAt()).isBefore(Instant.now().plusSeconds(1));
            assertThat(engine.destroy().leftovers()).isEmpty();
        }
    }

    @Test
    void destroySaysWhatItDeletedAndWhereThereWasNothingToDelete(MotoServer moto) {
        String lab = "engine-nothing";
        try (AwsClients aws = clients(moto.endpoint()); LabEngine engine = engine(aws, lab, events::add)) {
            engine.apply(EnumSet.of(StepId.VPC));
            events.clear();

            assertThat(engine.destroy().nothingLeft()).isTrue();

            Map<StepId, String> done = new java.util.EnumMap<>(StepId.class);
            events.stream().filter(e -> e.kind() == LabEvent.Kind.DONE).forEach(e -> done.put(e.step(), e.message()));
            assertThat(done.get(StepId.VPC)).isEqualTo("VPC deleted");
            assertThat(done.get(StepId.SERVICE)).as("no service was ever built").isEqualTo("ECS service: nothing to delete");
            assertThat(done.get(StepId.NAT_GATEWAY)).isEqualTo("NAT gateway: nothing to delete");
        }
    }

    @Test
    void connectingInAnotherRegionKeepsTheFirstRegionsStateAsideAndBringsItBack(MotoServer moto) {
        String lab = "engine-regions";
        LabStateStore store = new LabStateStore(home);
        String vpc;
        try (AwsClients east = clients(moto.endpoint()); LabEngine engine = engine(east, lab, events::add)) {
            assertThat(engine.apply(EnumSet.of(StepId.VPC)).ok()).isTrue();
            vpc = engine.state().get(ResourceKey.VPC).orElseThrow();
        }
        LabState.Where eastWhere = store.load(lab).orElseThrow().where().orElseThrow();

        try (AwsClients west = AwsClients.create(new AwsTarget("us-west-2", null, moto.endpoint()),
                MotoServer.CREDENTIALS); LabEngine engine = engine(west, lab, events::add)) {
            assertThat(engine.apply(EnumSet.of(StepId.IDENTITY)).ok()).isTrue();

            assertThat(engine.state().get(ResourceKey.VPC)).as("us-east-1's VPC means nothing in us-west-2").isEmpty();
            assertThat(events).anySatisfy(e -> assertThat(e.message()).contains("kept in")
                    .contains("for when you connect there again"));
            assertThat(store.elsewhereFile(lab, eastWhere)).exists();
        }

        try (AwsClients east = clients(moto.endpoint()); LabEngine engine = engine(east, lab, events::add)) {
            assertThat(engine.apply(EnumSet.of(StepId.IDENTITY)).ok()).isTrue();

            assertThat(engine.state().get(ResourceKey.VPC)).as("back in us-east-1, its lab is known again").contains(vpc);
            assertThat(engine.state().done(StepId.VPC)).isTrue();
            assertThat(store.elsewhereFile(lab, eastWhere)).as("the lab's own file holds it again").doesNotExist();
            assertThat(engine.destroy().nothingLeft()).isTrue();
        }
    }
}
