package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labconsole.lab.StepId;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lab from the command line against moto, as the README tells a newcomer to run it:
 * apply, check, status, destroy. Needs every step implemented, hence the tag.
 */
@Tag("full-lab")
@ExtendWith(MotoExtension.class)
class LabApplyCommandTest {

    // apply adopts a lab built by hand when exactly one fits: other test classes' labs must not be in the account.
    @org.junit.jupiter.api.BeforeEach
    void cleanAccount(MotoServer moto) {
        moto.reset();
    }


    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private CommandRun run(MotoServer moto, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--lab", "cli-full", "--endpoint", moto.endpoint().toString(), "--region", "us-east-1",
                "--home", home.toString()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    @Test
    void appliesChecksShowsAndDestroysTheWholeLab(MotoServer moto) throws Exception {
        CommandRun apply = run(moto, "apply", "--yes");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).containsPattern("\\[\\d\\d:\\d\\d:\\d\\d\\] NAT gateway \\.\\.\\.")
                .contains("\u2713 ECS service done")
                .contains(StepId.values().length + " of " + StepId.values().length + " steps done")
                .doesNotContain("\u2717")
                .containsPattern("Critical path .+ \\(Identity > .+ > ECS service > Endpoint test\\), against");
        assertThat(home.resolve("labs/cli-full.json")).exists();

        CommandRun again = run(moto, "plan");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).doesNotContainPattern("(?m)^(VPC|NAT gateway|ECS service) +create");

        try (var ecr = software.amazon.awssdk.services.ecr.EcrClient.builder().endpointOverride(moto.endpoint())
                .region(MotoServer.REGION).credentialsProvider(MotoServer.CREDENTIALS).build()) {
            dev.labconsole.testing.DockerPush.latest(ecr, "cli-full");
        }
        // Applied before the image was pushed: the service waits with 0 tasks, and says what is wrong, if anything.
        CommandRun waiting = run(moto, "status", "--json");
        JsonNode service = JSON.readTree(waiting.out()).get("service");
        assertThat(service.get("name").asText()).isEqualTo("cli-full-service");
        assertThat(service.get("desired").asInt()).isZero();
        assertThat(service.get("rolloutState").asText()).isEqualTo("COMPLETED");
        assertThat(service.get("findings").isArray()).isTrue();
        assertThat(service.get("events").isArray()).isTrue();
        // The image is there now, but the service still wants no task: check says so until apply runs again.
        CommandRun notYet = run(moto, "check");
        assertThat(notYet.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(notYet.out()).contains("[ok] Container image:").contains("[!!] ECS service: an ECS service with 2 tasks");
        CommandRun reapply = run(moto, "apply", "--yes");
        assertThat(reapply.exitCode()).as(reapply.out() + reapply.err()).isZero();

        CommandRun check = run(moto, "check");
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).doesNotContain("[!!]").contains("[ok] VPC:").contains("[ok] NAT gateway:");

        CommandRun status = run(moto, "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("NAT gateway").contains("cli-full-vpc").containsPattern("vpc-[0-9a-f]+");
        JsonNode document = JSON.readTree(run(moto, "status", "--json").out());
        assertThat(document.get("resources").size()).isGreaterThan(10);
        assertThat(document.get("hourlyUsd").asDouble()).isGreaterThan(0.05);
        assertThat(document.get("steps").findValuesAsText("status")).contains("DONE").doesNotContain("FAILED");
        assertThat(document.get("service").get("desired").asInt()).as("scaled up once the image is there").isEqualTo(2);
        assertThat(status.out()).contains("Service cli-full-service: ").contains(" tasks running");

        CommandRun destroy = run(moto, "destroy", "--yes");
        assertThat(destroy.exitCode()).as(destroy.out() + destroy.err()).isZero();
        assertThat(destroy.out()).contains("0 resources left: nothing of lab cli-full bills any more");
        assertThat(home.resolve("labs/cli-full.json")).doesNotExist();

        CommandRun after = run(moto, "check");
        assertThat(after.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(after.out()).contains("[!!] VPC:");
    }
}
