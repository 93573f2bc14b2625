package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.FoundLab.DefaultRoute;
import dev.labconsole.lab.FoundLab.Role;
import dev.labconsole.lab.FoundLab.Rule;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The requirements over typed data, no AWS: the cases an emulator makes awkward to build. */
class LabRequirementsTest {

    private static final String TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1";

    private static FoundLab.SecurityGroup albGroup(Rule... rules) {
        return new FoundLab.SecurityGroup("sg-alb", "web", List.of(rules));
    }

    private static FoundLab.SecurityGroup taskGroup(Rule... rules) {
        return new FoundLab.SecurityGroup("sg-task", "tasks", List.of(rules));
    }

    private static Rule http80FromAnywhere() {
        return new Rule("tcp", 80, 80, List.of("0.0.0.0/0"), List.of());
    }

    private static Rule port8000FromAlb() {
        return new Rule("tcp", 8000, 8000, List.of(), List.of("sg-alb"));
    }

    /** A lab that meets every requirement and follows every piece of advice. */
    private static FoundLab correct(UnaryOperator<FoundLab> change) {
        List<FoundLab.Subnet> subnets = List.of(
                new FoundLab.Subnet("subnet-a", "a", "10.0.1.0/24", "us-east-1a", true, "rtb-pub",
                        DefaultRoute.INTERNET_GATEWAY, "igw-1", Role.PUBLIC, 1),
                new FoundLab.Subnet("subnet-b", "b", "10.0.2.0/24", "us-east-1b", true, "rtb-pub",
                        DefaultRoute.INTERNET_GATEWAY, "igw-1", Role.PUBLIC, 2),
                new FoundLab.Subnet("subnet-c", "c", "10.0.3.0/24", "us-east-1a", false, "rtb-priv",
                        DefaultRoute.NAT_GATEWAY, "nat-1", Role.PRIVATE, 1),
                new FoundLab.Subnet("subnet-d", "d", "10.0.4.0/24", "us-east-1b", false, "rtb-priv",
                        DefaultRoute.NAT_GATEWAY, "nat-1", Role.PRIVATE, 2));
        FoundLab lab = new FoundLab("123456789012", "us-east-1",
                new FoundLab.Bucket("models", "models/m/", List.of("models/m/model.pt"), true, true, "MODEL_URI"),
                new FoundLab.Repository("repo", "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo", "AES256", true, "image",
                        "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest (sha256:0123456789ab)"),
                new FoundLab.Vpc("vpc-1", "lab", "10.0.0.0/16", true, ""), subnets,
                new FoundLab.InternetGateway("igw-1", null),
                List.of(new FoundLab.NatGateway("nat-1", null, "subnet-a", "eipalloc-1", "1.2.3.4", "available")),
                new FoundLab.LoadBalancer("arn:lb", "alb", "alb.example", "internet-facing", "application",
                        List.of("subnet-a", "subnet-b"), List.of("sg-alb"),
                        List.of(new FoundLab.Listener("arn:listener", "HTTP", 80, List.of(TG))), "linked"),
                new FoundLab.TargetGroup(TG, "tg", "ip", "HTTP", 8000, "/health", "vpc-1"),
                new FoundLab.Service("arn:service", "svc", "arn:cluster", "cluster", 2, 2, "FARGATE",
                        List.of("subnet-c", "subnet-d"), List.of("sg-task"), "DISABLED", List.of(TG), "linked"),
                new FoundLab.TaskDefinition("arn:td", List.of("FARGATE"), "awsvpc", "1024", "3072", "LINUX", "X86_64",
                        List.of(8000), "arn:aws:iam::123456789012:role/LabRole", "arn:aws:iam::123456789012:role/LabRole",
                        true, true, "repo:latest", "/ecs/x", "s3://models/models/m/"),
                albGroup(http80FromAnywhere()), List.of(taskGroup(port8000FromAlb())),
                new FoundLab.LogGroup("/ecs/x", 7), List.of());
        return change.apply(lab);
    }

    private static List<Requirement> failing(FoundLab lab) {
        return LabRequirements.of(lab, LabConfig.defaults()).stream().filter(Requirement::fails).toList();
    }

    private static FoundLab withGroups(FoundLab lab, FoundLab.SecurityGroup alb, FoundLab.SecurityGroup task) {
        return new FoundLab(lab.account(), lab.region(), lab.bucket(), lab.repository(), lab.vpc(), lab.subnets(),
                lab.internetGateway(), lab.natGateways(), lab.loadBalancer(), lab.targetGroup(), lab.service(),
                lab.taskDefinition(), alb, List.of(task), lab.logGroup(), lab.choices());
    }

    @Test
    void aCorrectLabMeetsEveryRequirementAndFollowsEveryPieceOfAdvice() {
        List<Requirement> all = LabRequirements.of(correct(lab -> lab), LabConfig.defaults());
        assertThat(all).allSatisfy(r -> assertThat(r.met()).as(r.text() + ": " + r.detail()).isTrue());
        assertThat(all).extracting(Requirement::step).containsAll(LabRequirements.STEPS);
        assertThat(all).filteredOn(Requirement::isAdvice).isNotEmpty();
    }

    @Test
    void theTasksPortOpenToTheWorldOverIpv6FailsTheSafetyRuleOnly() {
        FoundLab lab = correct(l -> withGroups(l, l.loadBalancerGroup(), taskGroup(port8000FromAlb(),
                new Rule("tcp", 8000, 8000, List.of("::/0"), List.of()))));
        assertThat(failing(lab)).singleElement().satisfies(r -> assertThat(r.detail()).contains("tcp 8000"));
    }

    @Test
    void allTrafficFromAnywhereOnTheLoadBalancersGroupFailsTheSafetyRuleOnly() {
        FoundLab lab = correct(l -> withGroups(l, albGroup(http80FromAnywhere(),
                new Rule("-1", null, null, List.of("0.0.0.0/0"), List.of())), l.taskGroups().get(0)));
        assertThat(failing(lab)).singleElement().satisfies(r -> {
            assertThat(r.text()).startsWith("nothing but TCP 80");
            assertThat(r.detail()).contains("all traffic");
        });
    }

    @Test
    void aPortRangeThatCoversEightyCountsAsOpen() {
        FoundLab lab = correct(l -> withGroups(l, albGroup(new Rule("tcp", 0, 65535, List.of("0.0.0.0/0"), List.of())),
                l.taskGroups().get(0)));
        // Port 80 is reachable (met), but so is everything else: only the safety rule fails.
        assertThat(failing(lab)).singleElement().satisfies(r -> assertThat(r.text()).startsWith("nothing but"));
    }

    @Test
    void aKmsEncryptedRepositoryFailsTheEncryptionRequirementAndNoAdviceEverFails() {
        FoundLab lab = correct(l -> new FoundLab(l.account(), l.region(),
                new FoundLab.Bucket("models", "models/m/", List.of("models/m/model.pt"), false, false, "MODEL_URI"),
                new FoundLab.Repository("repo", "uri", "KMS", false, "image", "uri:latest"), l.vpc(), l.subnets(),
                l.internetGateway(), l.natGateways(), l.loadBalancer(), l.targetGroup(), l.service(), l.taskDefinition(),
                l.loadBalancerGroup(), l.taskGroups(), new FoundLab.LogGroup("/ecs/x", null), l.choices()));
        assertThat(failing(lab)).singleElement().satisfies(r -> assertThat(r.text()).contains("AES-256"));
        assertThat(LabRequirements.of(lab, LabConfig.defaults())).filteredOn(Requirement::isAdvice)
                .filteredOn(r -> !r.met()).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void nothingFoundFailsWithWhatToDoRatherThanThrowing() {
        FoundLab empty = new FoundLab("123456789012", "us-east-1", null, null, null, List.of(), null, List.of(), null,
                null, null, null, null, List.of(), null, List.of());
        List<Requirement> failing = failing(empty);
        assertThat(failing).isNotEmpty().allSatisfy(r -> assertThat(r.detail()).isNotBlank());
        assertThat(failing).extracting(Requirement::step).contains(StepId.BUCKET, StepId.VPC, StepId.SERVICE);
    }

    @Test
    void rolesGoToTheSubnetsThatLookTheirPartWhateverTheirOrder() {
        // Scores: a subnet routed to the NAT gateway that the service uses is private even when it comes first.
        FoundLab.Role[] roles = LabDiscovery.assignRoles(new double[] {0, 4, 5, 0, 2}, new double[] {4, 0, 0, 4, 2});
        assertThat(roles).containsExactly(Role.PRIVATE, Role.PUBLIC, Role.PUBLIC, Role.PRIVATE, Role.OTHER);
    }
}
