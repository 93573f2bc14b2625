package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.HandBuiltLab;
import dev.labconsole.testing.HandBuiltLab.Built;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state file holds only what belongs to the account and emulator at hand, and what the student
 * built stays theirs: apply adopts it and adds only what is missing, destroy keeps it unless confirmed.
 */
@ExtendWith(MotoExtension.class)
class LabStateOwnershipTest {

    @TempDir
    Path home;

    private MotoServer moto;
    private AwsClients aws;
    private final List<LabEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void cleanAccount(MotoServer moto) {
        this.moto = moto;
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
    }

    @AfterEach
    void close() {
        aws.close();
        moto.reset();
    }

    private LabEngine engine() {
        return LabEngine.open(LabConfig.defaults(), aws, new LabStateStore(home), events::add);
    }

    private List<String> warnings() {
        return events.stream().filter(e -> e.kind() == LabEvent.Kind.WARNING).map(LabEvent::message).toList();
    }

    @Test
    void aStateRecordedAgainstOneEmulatorIsNotUsedAgainstAFreshOne() {
        String vpc;
        try (LabEngine engine = engine()) {
            assertThat(engine.apply(EnumSet.of(StepId.VPC)).outcomes().get(StepId.VPC).ok()).isTrue();
            vpc = engine.state().get(ResourceKey.VPC).orElseThrow();
            assertThat(engine.state().origin(ResourceKey.VPC)).contains(LabState.Origin.CREATED);
            assertThat(engine.state().where()).get().extracting(LabState.Where::endpoint)
                    .isEqualTo(moto.endpoint().toString());
        }
        moto.reset(); // the emulator restarted: same address, nothing in it

        try (LabEngine engine = engine()) {
            engine.identify();
            assertThat(engine.state().get(ResourceKey.VPC)).isEmpty();
        }
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains(vpc).contains("no longer exists"));
        assertThat(new LabStateStore(home).load(LabConfig.DEFAULT_LAB).orElseThrow().get(ResourceKey.VPC)).isEmpty();
    }

    @Test
    void aStateFromAnotherEndpointIsNotUsedHereButKeptAsideAndSaysSo() {
        LabStateStore store = new LabStateStore(home);
        LabState recorded = store.open(LabConfig.DEFAULT_LAB);
        recorded.put(ResourceKey.VPC, "vpc-0123456789abcdef0");
        LabState.Where elsewhere = new LabState.Where("123456789012", "us-east-1", "http://127.0.0.1:1");
        recorded.where(elsewhere);

        try (LabEngine engine = engine()) {
            engine.identify();
            assertThat(engine.state().get(ResourceKey.VPC)).isEmpty();
            assertThat(engine.state().where()).get().extracting(LabState.Where::endpoint)
                    .isEqualTo(moto.endpoint().toString());
        }
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("http://127.0.0.1:1").contains("kept in")
                .contains("found afresh"));
        assertThat(store.keptFor(LabConfig.DEFAULT_LAB, elsewhere).orElseThrow().get(ResourceKey.VPC))
                .as("the other endpoint's lab is not forgotten").contains("vpc-0123456789abcdef0");
    }

    @Test
    void anOldStateFileWithoutOriginsLoadsAsCreatedByTheLab() throws Exception {
        java.nio.file.Files.createDirectories(home.resolve("labs"));
        java.nio.file.Files.writeString(home.resolve("labs/old.json"), "{\"lab\":\"old\",\"ids\":{\"VPC\":\"vpc-1\"},"
                + "\"steps\":{}}");

        LabState state = new LabStateStore(home).load("old").orElseThrow();

        assertThat(state.get(ResourceKey.VPC)).contains("vpc-1");
        assertThat(state.origin(ResourceKey.VPC)).contains(LabState.Origin.CREATED);
        assertThat(state.where()).isEmpty();
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("VPCs", aws.ec2().describeVpcs().vpcs().size());
        counts.put("subnets", aws.ec2().describeSubnets().subnets().size());
        counts.put("internet gateways", aws.ec2().describeInternetGateways().internetGateways().size());
        counts.put("NAT gateways", (int) aws.ec2().describeNatGateways().natGateways().stream()
                .filter(n -> !n.stateAsString().startsWith("delet")).count());
        counts.put("security groups", aws.ec2().describeSecurityGroups().securityGroups().size());
        counts.put("load balancers", aws.elb().describeLoadBalancers().loadBalancers().size());
        counts.put("target groups", aws.elb().describeTargetGroups().targetGroups().size());
        List<String> clusters = aws.ecs().listClusters().clusterArns();
        counts.put("clusters", clusters.isEmpty() ? 0 : (int) aws.ecs().describeClusters(r -> r.clusters(clusters))
                .clusters().stream().filter(c -> "ACTIVE".equals(c.status())).count());
        counts.put("services", clusters.stream().mapToInt(c -> {
            List<String> services = aws.ecs().listServices(r -> r.cluster(c)).serviceArns();
            return services.isEmpty() ? 0 : (int) aws.ecs().describeServices(r -> r.cluster(c).services(services))
                    .services().stream().filter(s -> "ACTIVE".equals(s.status())).count();
        }).sum());
        counts.put("route tables", aws.ec2().describeRouteTables().routeTables().size());
        counts.put("log groups", aws.logs().describeLogGroups().logGroups().size());
        counts.put("task definitions", aws.ecs().listTaskDefinitions().taskDefinitionArns().size());
        counts.put("buckets", aws.s3().listBuckets().buckets().size());
        counts.put("repositories", aws.ecr().describeRepositories().repositories().size());
        return counts;
    }

    @Test
    void applyAfterAHandBuiltLabAddsOnlyWhatIsMissingAndDestroyKeepsWhatItAdopted() {
        // The wizard's names are not Lab Console's: nothing may be found, or duplicated, by name.
        Built built = HandBuiltLab.build(aws, HandBuiltLab.Style.CONSOLE_WIZARD, HandBuiltLab.Mistake.NONE);
        Map<String, Integer> before = counts();

        try (LabEngine engine = engine()) {
            RunResult applied = engine.apply();
            assertThat(applied.outcomes().values()).allSatisfy(o -> assertThat(o.ok()).as(o.step() + ": "
                    + o.message()).isTrue());
            assertThat(engine.state().get(ResourceKey.VPC)).contains(built.vpcId());
            assertThat(engine.state().origin(ResourceKey.VPC)).contains(LabState.Origin.ADOPTED);
            assertThat(engine.state().get(ResourceKey.LOAD_BALANCER)).contains(built.loadBalancerArn());
            assertThat(engine.state().origin(ResourceKey.LOAD_BALANCER)).contains(LabState.Origin.ADOPTED);
            assertThat(engine.state().get(ResourceKey.BUCKET)).contains(built.bucket());
            // The Logs page follows the student's own group, named in their task definition.
            assertThat(new LabLogs(engine).logGroup()).isEqualTo("/ecs/mlops-task");
        }
        assertThat(counts()).isEqualTo(before);

        try (LabEngine engine = engine()) {
            RunResult destroyed = engine.destroy(false);
            assertThat(destroyed.keptAdopted()).extracting(LabResource::id)
                    .contains(built.vpcId(), built.loadBalancerArn(), built.bucket());
        }
        assertThat(aws.ec2().describeVpcs(r -> r.vpcIds(built.vpcId())).vpcs()).hasSize(1);
        assertThat(aws.elb().describeLoadBalancers(r -> r.loadBalancerArns(built.loadBalancerArn())).loadBalancers())
                .hasSize(1);
        assertThat(aws.ecs().describeServices(r -> r.cluster("mlops-cluster").services(built.serviceName()))
                .services()).singleElement().satisfies(s -> assertThat(s.status()).isEqualTo("ACTIVE"));
        assertThat(aws.s3().listObjectsV2(r -> r.bucket(built.bucket())).contents()).isNotEmpty();
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("--include-adopted"));
    }

    @Test
    void applyAfterANetworkBuiltByHandBuildsTheRestIntoIt() {
        // The student did the network with the AWS Console's wizard and leaves the load balancer to apply.
        Built network = HandBuiltLab.buildNetworkOnly(aws, HandBuiltLab.Style.CONSOLE_WIZARD);
        Map<String, Integer> before = counts();

        try (LabEngine engine = engine()) {
            RunResult applied = engine.apply(EnumSet.of(StepId.LISTENER));
            assertThat(applied.outcomes().values()).allSatisfy(o -> assertThat(o.ok()).as(o.step() + ": "
                    + o.message()).isTrue());
            assertThat(engine.state().get(ResourceKey.VPC)).contains(network.vpcId());
            assertThat(engine.state().origin(ResourceKey.VPC)).contains(LabState.Origin.ADOPTED);
            assertThat(engine.state().get(ResourceKey.NAT_GATEWAY)).contains(network.natId());
            String balancer = engine.state().get(ResourceKey.LOAD_BALANCER).orElseThrow();
            assertThat(engine.state().origin(ResourceKey.LOAD_BALANCER)).contains(LabState.Origin.CREATED);
            assertThat(aws.elb().describeLoadBalancers(r -> r.loadBalancerArns(balancer)).loadBalancers())
                    .singleElement().satisfies(lb -> {
                        assertThat(lb.vpcId()).isEqualTo(network.vpcId());
                        assertThat(lb.availabilityZones()).extracting(z -> z.subnetId())
                                .containsExactlyInAnyOrderElementsOf(network.publicSubnets());
                    });
        }
        Map<String, Integer> after = counts();
        for (String network_ : List.of("VPCs", "subnets", "internet gateways", "NAT gateways", "route tables")) {
            assertThat(after.get(network_)).as(network_).isEqualTo(before.get(network_));
        }
        assertThat(after.get("load balancers")).isEqualTo(before.get("load balancers") + 1);
    }

    @Test
    void destroyWithoutTheConfirmationSaysWhatOfTheStudentsStillBillsAndALaterConfirmationDeletesIt() {
        Built network = HandBuiltLab.buildNetworkOnly(aws, HandBuiltLab.Style.LAB_TEXT);
        try (LabEngine engine = engine()) {
            engine.apply(EnumSet.of(StepId.LISTENER));
        }

        try (LabEngine engine = engine()) {
            RunResult kept = engine.destroy(false);
            assertThat(kept.leftovers()).isEmpty();
            assertThat(kept.keptAdopted()).filteredOn(r -> r.id().equals(network.natId())).singleElement()
                    .satisfies(nat -> assertThat(nat.hourlyUsd()).isEqualTo(Pricing.NAT_GATEWAY));
        }
        assertThat(new LabStateStore(home).load(LabConfig.DEFAULT_LAB)).get()
                .satisfies(state -> assertThat(state.adopted()).containsEntry(ResourceKey.NAT_GATEWAY, network.natId()));

        try (LabEngine engine = engine()) {
            RunResult confirmed = engine.destroy(true);
            assertThat(confirmed.leftovers()).isEmpty();
        }
        assertThat(aws.ec2().describeNatGateways().natGateways()).allSatisfy(n ->
                assertThat(n.stateAsString()).startsWith("delet"));
        assertThat(aws.ec2().describeVpcs().vpcs()).extracting(v -> v.vpcId()).doesNotContain(network.vpcId());
        assertThat(new LabStateStore(home).load(LabConfig.DEFAULT_LAB)).isEmpty();
    }

    @Test
    void applyMovesAServiceBuiltWithPublicIpsIntoThePrivateSubnetsInsteadOfBuildingASecond() {
        Built built = HandBuiltLab.build(aws, HandBuiltLab.Style.CONSOLE_WIZARD, HandBuiltLab.Mistake.TASKS_WITH_PUBLIC_IP);
        Map<String, Integer> before = counts();

        try (LabEngine engine = engine()) {
            RunResult applied = engine.apply();
            assertThat(applied.outcomes().get(StepId.SERVICE).ok()).as(applied.outcomes().get(StepId.SERVICE).message())
                    .isTrue();
            assertThat(engine.state().origin(ResourceKey.SERVICE)).contains(LabState.Origin.ADOPTED);
        }
        assertThat(counts()).isEqualTo(before);
        var service = aws.ecs().describeServices(r -> r.cluster("mlops-cluster").services(built.serviceName()))
                .services().get(0);
        var network = service.networkConfiguration().awsvpcConfiguration();
        assertThat(network.assignPublicIpAsString()).isEqualTo("DISABLED");
        assertThat(network.subnets()).containsExactlyInAnyOrderElementsOf(built.privateSubnets());
        try (LabEngine engine = engine()) {
            assertThat(engine.inspect(Set.of(), LabSelection.none()).requirements()).filteredOn(Requirement::fails)
                    .isEmpty();
        }
    }

    @Test
    void applyBesideAVpcThatIsNotTheLabsNetworkLeavesItAlone() {
        String other = aws.ec2().createVpc(r -> r.cidrBlock("172.20.0.0/16")).vpc().vpcId();
        aws.ec2().createSubnet(r -> r.vpcId(other).cidrBlock("172.20.1.0/24"));

        try (LabEngine engine = engine()) {
            assertThat(engine.apply(EnumSet.of(StepId.SUBNETS)).outcomes().get(StepId.SUBNETS).ok()).isTrue();
            assertThat(engine.state().get(ResourceKey.VPC)).get().isNotEqualTo(other);
            assertThat(engine.state().adopted()).isEmpty();
        }
        assertThat(events).anySatisfy(e -> assertThat(e.message()).contains(other).contains("not the lab's network"));
    }

    @Test
    void destroyWithTheConfirmationDeletesEverythingTheStudentBuilt() {
        Map<String, Integer> empty = counts();
        Built built = HandBuiltLab.build(aws, HandBuiltLab.Style.CONSOLE_WIZARD, HandBuiltLab.Mistake.NONE);
        Map<ResourceKey, String> adopted;
        try (LabEngine engine = engine()) {
            engine.apply();
            adopted = engine.state().adopted();
        }
        assertThat(adopted).containsEntry(ResourceKey.VPC, built.vpcId());

        RunResult destroyed;
        try (LabEngine engine = engine()) {
            destroyed = engine.destroy(true);
        }

        // Roles stay, said so: they cost nothing and the account's own (LabRole) serve other work.
        assertThat(destroyed.keptAdopted()).extracting(LabResource::step).containsOnly(StepId.ROLES);
        assertThat(aws.elb().describeLoadBalancers().loadBalancers()).isEmpty();
        assertThat(aws.s3().listBuckets().buckets()).extracting(b -> b.name()).doesNotContain(built.bucket());
        ResourceProbe probe = new ResourceProbe(aws);
        adopted.forEach((key, id) -> {
            boolean exists = probe.probe(key, id, adopted).map(ResourceProbe.Probe::exists).orElse(false);
            boolean kept = destroyed.keptAdopted().stream().anyMatch(r -> r.id().equals(id));
            assertThat(exists).as(key + " " + id + " still exists").isEqualTo(kept);
        });
        // The wizard's own names (cluster, service, log group) and its second private route table included.
        assertThat(destroyed.leftovers()).isEmpty();
        assertThat(counts()).isEqualTo(empty);
    }
}
