package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.HandBuiltLab;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} on a lab built by hand with the AWS Console wizard's names, as a student runs it. */
@ExtendWith(MotoExtension.class)
class LabCheckCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private MotoServer moto;

    @BeforeEach
    void handBuiltLab(MotoServer moto) {
        this.moto = moto;
        moto.reset();
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            HandBuiltLab.build(aws, HandBuiltLab.Style.CONSOLE_WIZARD, HandBuiltLab.Mistake.NONE);
        }
    }

    @AfterEach
    void reset() {
        moto.reset();
    }

    private CommandRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", moto.endpoint().toString(), "--region", "us-east-1", "--home", home.toString()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    @Test
    void aWizardBuiltLabPassesWithWhatWasFoundAndAdviceApart() throws Exception {
        CommandRun run = run("check");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        String out = run.out();
        assertThat(out).containsPattern("(?m)^  public subnet 1 = subnet-\\w+ \\(mlops-subnet-public1-us-east-1a, 10\\.0\\.0\\.0/20,")
                .containsPattern("(?m)^  private subnet 2 = subnet-\\w+ \\(mlops-subnet-private2-us-east-1b, 10\\.0\\.144\\.0/20,")
                .contains("ECS service = mlops-service in cluster mlops-cluster");
        int requirements = out.indexOf("Requirements (what the lab asks for):");
        int advice = out.indexOf("Advice (beyond the lab; never fails the check):");
        assertThat(requirements).isPositive();
        assertThat(advice).isGreaterThan(requirements);
        assertThat(out.substring(requirements, advice)).doesNotContain("[!!]").doesNotContain("[--]");
        assertThat(out.substring(advice)).contains("[--] Log group: log group keeps logs 7 days")
                .contains("aws logs put-retention-policy");
        assertThat(out).containsPattern("(?m)^\\d+ of \\d+ requirements met: lab sentiment-app is complete; \\d+ of \\d+"
                + " pieces of advice followed\\.$");
        assertThat(home.resolve("labs")).as("check writes no state").doesNotExist();

        CommandRun json = run("check", "--json");
        assertThat(json.exitCode()).isZero();
        JsonNode document = JSON.readTree(json.out());
        assertThat(document.get("ok").asBoolean()).isTrue();
        Set<String> kinds = new HashSet<>();
        document.get("requirements").forEach(r -> kinds.add(r.get("kind").asText()));
        assertThat(kinds).containsExactlyInAnyOrder("requirement", "advice");
        assertThat(document.get("found").toString()).contains("mlops-alb");
    }

    @Test
    void choosingAVpcThatIsNotTheLabsFailsTheCheckAndABadIdIsBadInput() {
        String defaultVpc;
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            defaultVpc = aws.ec2().describeVpcs().vpcs().stream().filter(v -> Boolean.TRUE.equals(v.isDefault()))
                    .findFirst().orElseThrow().vpcId();
        }
        CommandRun chosen = run("check", "--vpc", defaultVpc);
        assertThat(chosen.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(chosen.out()).contains("VPC = " + defaultVpc).contains("[!!] ECS service: an ECS service with 2 tasks");

        CommandRun bad = run("check", "--vpc", "my-vpc");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("--vpc 'my-vpc': give a VPC id");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void planShowsWhatApplyWouldAdoptAndWritesNothing() {
        CommandRun plan = run("plan");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).containsPattern("(?m)^ECS service +adopt\\b").containsPattern("(?m)^VPC +adopt\\b");
        assertThat(home.resolve("labs")).as("plan writes no state").doesNotExist();
    }

    @Test
    void destroyKeepsTheWizardLabUnlessConfirmed() throws Exception {
        assertThat(run("apply", "--yes").exitCode()).isZero();
        assertThat(Files.readString(home.resolve("labs/sentiment-app.json"))).contains("ADOPTED");

        CommandRun destroyed = run("destroy", "--yes");

        assertThat(destroyed.out()).contains("you built yourself (apply adopted them)").contains("--include-adopted");
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            assertThat(aws.elb().describeLoadBalancers().loadBalancers()).extracting(l -> l.loadBalancerName())
                    .contains("mlops-alb");
        }
    }
}
