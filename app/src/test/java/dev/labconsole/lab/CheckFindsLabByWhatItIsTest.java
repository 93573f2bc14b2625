package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.HandBuiltLab;
import dev.labconsole.testing.HandBuiltLab.Built;
import dev.labconsole.testing.HandBuiltLab.Mistake;
import dev.labconsole.testing.HandBuiltLab.Style;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code check} on labs a student built by hand (through the SDK, as the AWS Console would): found by
 * what their resources are and how they link, whatever their names and layout; each seeded mistake
 * fails exactly the requirement it breaks; and {@code check} writes no state.
 */
@ExtendWith(MotoExtension.class)
class CheckFindsLabByWhatItIsTest {

    @TempDir
    Path home;

    private MotoServer moto;
    private AwsClients aws;

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

    private LabCheck check(LabSelection selection) {
        try (LabEngine engine = LabEngine.open(LabConfig.defaults(), aws, new LabStateStore(home), e -> { })) {
            return engine.inspect(EnumSet.noneOf(StepId.class), selection);
        }
    }

    private static String failing(LabCheck check) {
        return check.requirements().stream().filter(Requirement::fails)
                .map(r -> r.step() + ": " + r.text() + " -- " + r.detail()).collect(Collectors.joining("\n"));
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void everyHandBuiltVariantPassesWithoutBeingToldAName(Style style) throws Exception {
        Built built = HandBuiltLab.build(aws, style, Mistake.NONE);

        LabCheck check = check(LabSelection.none());

        assertThat(check.ok()).as(failing(check)).isTrue();
        assertThat(check.required()).hasSizeGreaterThan(25);
        FoundLab found = check.found();
        assertThat(found.vpc().id()).isEqualTo(built.vpcId());
        assertThat(found.subnets(FoundLab.Role.PUBLIC)).extracting(FoundLab.Subnet::id)
                .containsExactlyInAnyOrderElementsOf(built.publicSubnets());
        assertThat(found.subnets(FoundLab.Role.PRIVATE)).extracting(FoundLab.Subnet::id)
                .containsExactlyInAnyOrderElementsOf(built.privateSubnets());
        assertThat(found.natGateway()).get().extracting(FoundLab.NatGateway::id).isEqualTo(built.natId());
        assertThat(found.loadBalancer().arn()).isEqualTo(built.loadBalancerArn());
        assertThat(found.targetGroup().arn()).isEqualTo(built.targetGroupArn());
        assertThat(found.service().name()).isEqualTo(built.serviceName());
        assertThat(found.bucket().name()).isEqualTo(built.bucket());
        assertThat(found.repository().name()).isEqualTo(built.repository());
        assertThat(found.loadBalancerGroup().id()).isEqualTo(built.albGroupId());
        assertThat(found.taskGroups()).extracting(FoundLab.SecurityGroup::id).containsExactly(built.taskGroupId());
        assertThat(found.internetGateway().id()).isEqualTo(built.internetGatewayId());
        assertThat(home.resolve("labs")).as("check writes no state").doesNotExist();
    }

    @Test
    void aSecondVpcWithItsOwnLoadBalancerIsReportedAsAChoiceAndCanBeChosen() {
        Built built = HandBuiltLab.build(aws, Style.SECOND_VPC, Mistake.NONE);

        LabCheck check = check(LabSelection.none());

        assertThat(check.found().vpc().id()).isEqualTo(built.vpcId());
        assertThat(check.found().choices()).anySatisfy(c -> assertThat(c).startsWith("VPC: took " + built.vpcId())
                .contains("--vpc"));
        String other = aws.ec2().describeVpcs().vpcs().stream()
                .filter(v -> !Boolean.TRUE.equals(v.isDefault()) && !v.vpcId().equals(built.vpcId()))
                .findFirst().orElseThrow().vpcId();
        LabCheck chosen = check(new LabSelection(other, null, null, null));
        assertThat(chosen.found().vpc().id()).isEqualTo(other);
        assertThat(chosen.ok()).isFalse();
    }

    /** Each seeded mistake and the one requirement (step, words of its text) it must fail. */
    private static Expected expected(Mistake mistake) {
        return switch (mistake) {
            case TASK_PORT_OPEN_TO_WORLD -> new Expected(StepId.SECURITY_GROUPS, "nothing but TCP 80");
            case PORT_80_CLOSED -> new Expected(StepId.SECURITY_GROUPS, "admits TCP 80 from anywhere");
            case PRIVATE_ROUTE_TO_IGW -> new Expected(StepId.PRIVATE_ROUTES, "to a NAT gateway");
            case TASKS_WITH_PUBLIC_IP -> new Expected(StepId.SERVICE, "no public IP");
            case TASKS_IN_PUBLIC_SUBNETS -> new Expected(StepId.SERVICE, "run in the private subnets");
            case INTERNAL_ALB -> new Expected(StepId.LOAD_BALANCER, "internet-facing");
            case ALB_IN_PRIVATE_SUBNET -> new Expected(StepId.LOAD_BALANCER, "in both public subnets");
            case TARGET_TYPE_INSTANCE -> new Expected(StepId.TARGET_GROUP, "type ip");
            case TARGET_PORT_80 -> new Expected(StepId.TARGET_GROUP, "port 8000");
            case LISTENER_FORWARDS_ELSEWHERE -> new Expected(StepId.LISTENER, "forwarding to the target group");
            case SERVICE_NOT_REGISTERED -> new Expected(StepId.SERVICE, "registered with the target group");
            case NAT_IN_PRIVATE_SUBNET -> new Expected(StepId.NAT_GATEWAY, "in a public subnet");
            case ONE_ZONE -> new Expected(StepId.SUBNETS, "two availability zones");
            case NO_IMAGE_PUSHED -> new Expected(StepId.IMAGE, "server image is pushed");
            case NONE -> throw new IllegalArgumentException("not a mistake");
        };
    }

    private record Expected(StepId step, String words) {
    }

    @ParameterizedTest
    @EnumSource(value = Mistake.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void eachSeededMistakeFailsExactlyTheRequirementItBreaks(Mistake mistake) {
        HandBuiltLab.build(aws, Style.LAB_TEXT, mistake);
        Expected expected = expected(mistake);

        LabCheck check = check(LabSelection.none());

        List<Requirement> failed = check.requirements().stream().filter(Requirement::fails).toList();
        assertThat(failed).as(failing(check)).singleElement().satisfies(r -> {
            assertThat(r.step()).isEqualTo(expected.step());
            assertThat(r.text()).contains(expected.words());
            assertThat(r.detail()).isNotBlank();
        });
        assertThat(check.ok()).isFalse();
    }

    @Test
    void adviceNeverFailsTheCheck() {
        // The random-names variant follows none of Lab Console's advice (no versioning, health check path /).
        HandBuiltLab.build(aws, Style.RANDOM_NAMES, Mistake.NONE);

        LabCheck check = check(LabSelection.none());

        assertThat(check.advice()).anySatisfy(r -> assertThat(r.met()).isFalse());
        assertThat(check.advice()).allSatisfy(r -> assertThat(r.fails()).isFalse());
        assertThat(check.ok()).isTrue();
    }

    @Test
    void checkLeavesAnExistingStateFileAsItWas() throws Exception {
        HandBuiltLab.build(aws, Style.LAB_TEXT, Mistake.NONE);
        LabStateStore store = new LabStateStore(home);
        LabState state = store.open(LabConfig.DEFAULT_LAB);
        state.put(ResourceKey.CREATED_AT, "2026-11-30T00:00:00Z");
        byte[] before = Files.readAllBytes(store.file(LabConfig.DEFAULT_LAB));

        LabCheck check = check(LabSelection.none());

        assertThat(check.ok()).isTrue();
        assertThat(Files.readAllBytes(store.file(LabConfig.DEFAULT_LAB))).isEqualTo(before);
    }
}
