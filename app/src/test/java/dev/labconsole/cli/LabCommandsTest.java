package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labconsole.lab.StepId;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * The lab commands as a student runs them, in-process against the moto server, with credentials from
 * the SDK's default chain (MotoExtension's dummy keys, as system properties) and the state in a
 * temporary home. Each test uses its own lab name, so they do not see each other's resources.
 */
@ExtendWith(MotoExtension.class)
class LabCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private CommandRun run(MotoServer moto, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", moto.endpoint().toString(), "--region", "us-east-1", "--home", home.toString()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    /** Runs with {@code input} as standard input, as a student answering the prompt would. */
    private CommandRun runWithInput(String input, MotoServer moto, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes()));
        try {
            return run(moto, args);
        } finally {
            System.setIn(original);
        }
    }

    private static void assertNoStackTrace(CommandRun run) {
        assertThat(run.out() + run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void planListsEveryStepWithCreateOnAnEmptyAccount(MotoServer moto) throws Exception {
        CommandRun run = run(moto, "plan", "--lab", "cli-plan");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertNoStackTrace(run);
        for (StepId step : StepId.values()) {
            String action = step == StepId.IDENTITY ? "nothing" : step == StepId.ENDPOINT_TEST ? "\\w+" : "create";
            assertThat(run.out()).as(step.title()).containsPattern(
                    Pattern.compile("(?m)^" + Pattern.quote(step.title()) + " +" + action + "\\b"));
        }
        assertThat(run.out()).contains("account 123456789012, region us-east-1")
                .contains("aws ec2 create-vpc --cidr-block 10.0.0.0/16")
                .containsPattern("Total: about \\$[\\d.]+ per hour, \\$[\\d.]+ per day")
                .containsPattern("On AWS, apply takes about \\d+ min \\d\\d s along its critical path \\(Identity > .*"
                        + "Application Load Balancer > Listener > ECS service > Endpoint test\\)")
                .containsPattern("one after another the steps would take \\d+ min");

        JsonNode plan = JSON.readTree(run(moto, "plan", "--lab", "cli-plan", "--json").out());
        assertThat(plan.get("steps")).hasSize(StepId.values().length);
        JsonNode vpc = plan.get("steps").get(StepId.VPC.ordinal());
        assertThat(vpc.get("step").asText()).isEqualTo("VPC");
        assertThat(vpc.get("action").asText()).isEqualTo("create");
        assertThat(vpc.get("cli").asText()).contains("aws ec2 create-vpc");
        assertThat(plan.get("dailyUsd").asDouble()).isEqualTo(plan.get("hourlyUsd").asDouble() * 24);
    }

    @Test
    void checkOnAnEmptyAccountNamesWhatIsMissingAndExitsOne(MotoServer moto) throws Exception {
        // check finds a lab by what it is, whoever built it: an empty account means no other test's lab.
        moto.reset();
        CommandRun run = run(moto, "check", "--lab", "cli-check");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.FAILED);
        assertNoStackTrace(run);
        assertThat(run.out()).containsPattern("(?m)^\\[ok\\] Identity: credentials work")
                .containsPattern("(?m)^\\[!!\\] VPC: ")
                .contains("run 'labconsole apply' to build what is missing");
        assertThat(run.out().lines().filter(line -> line.startsWith("[")))
                .allSatisfy(line -> assertThat(line).matches("\\[(ok|!!|--)\\] [^:]+: .+"));

        CommandRun json = run(moto, "check", "--lab", "cli-check", "--json");
        assertThat(json.exitCode()).isEqualTo(ExitCode.FAILED);
        JsonNode document = JSON.readTree(json.out());
        assertThat(document.get("ok").asBoolean()).isFalse();
        List<String> unmet = new ArrayList<>();
        document.get("requirements").forEach(r -> {
            if (!r.get("met").asBoolean()) {
                unmet.add(r.get("step").asText());
            }
        });
        assertThat(unmet).contains("VPC");
    }

    @Test
    void statusOfAnEmptyLabShowsNoResourcesAndNoCost(MotoServer moto) throws Exception {
        CommandRun run = run(moto, "status", "--lab", "cli-status");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertNoStackTrace(run);
        assertThat(run.out()).contains("Lab cli-status (account 123456789012, region us-east-1): 0 resources")
                .contains("Cost: $0.00 per hour now");

        JsonNode document = JSON.readTree(run(moto, "status", "--lab", "cli-status", "--json").out());
        assertThat(document.get("resources")).isEmpty();
        assertThat(document.get("hourlyUsd").asDouble()).isZero();
        assertThat(document.get("steps").findValuesAsText("step")).contains("IDENTITY");
    }

    @Test
    void destroyOfAnEmptyLabLeavesNothingAndRemovesTheStateFile(MotoServer moto) {
        CommandRun run = run(moto, "destroy", "--lab", "cli-destroy", "--yes");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertNoStackTrace(run);
        assertThat(run.out()).contains("0 resources left: nothing of lab cli-destroy bills any more")
                .containsPattern("\\[\\d\\d:\\d\\d:\\d\\d\\] \u2713 VPC: nothing to delete \\(\\d+\\.\\d s\\)");
        assertThat(home.resolve("labs/cli-destroy.json")).doesNotExist();
    }

    @Test
    void destroyAsksForTheLabNameAndDoesNothingOnAnotherAnswer(MotoServer moto) {
        CommandRun wrong = runWithInput("yes\n", moto, "destroy", "--lab", "cli-ask");
        assertThat(wrong.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(wrong.err()).contains("Type the lab's name to confirm").contains("nothing was deleted");
        assertThat(wrong.out()).doesNotContain("resources left");

        CommandRun right = runWithInput("cli-ask\n", moto, "destroy", "--lab", "cli-ask");
        assertThat(right.exitCode()).as(right.out() + right.err()).isZero();
        assertThat(right.out()).contains("0 resources left");
    }

    @Test
    void applyWithoutYesAndNoAnswerCreatesNothing(MotoServer moto) {
        CommandRun eof = runWithInput("", moto, "apply", "--lab", "cli-prompt");
        assertThat(eof.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(eof.err()).containsPattern("Create the lab's resources in account 123456789012, region us-east-1\\?"
                + " It costs about \\$\\d+\\.\\d\\d/hour while it exists\\. \\[y/N\\]")
                .contains("error: no answer on standard input: pass --yes to run without a prompt");
        CommandRun no = runWithInput("n\n", moto, "apply", "--lab", "cli-prompt");
        assertThat(no.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(no.err()).contains("nothing was created");
        assertThat(no.out()).doesNotContain("VPC ...");

        CommandRun status = run(moto, "status", "--lab", "cli-prompt");
        assertThat(status.out()).contains(": 0 resources");
    }

    @Test
    void applyAndDestroyWithJsonKeepProgressOnStandardErrorAndReportEachStep(MotoServer moto) throws Exception {
        CommandRun apply = run(moto, "apply", "--lab", "cli-json", "--yes", "--json");
        JsonNode applied = JSON.readTree(apply.out());
        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(ExitCode.OK);
        assertThat(applied.get("ok").asBoolean()).isTrue();
        assertThat(applied.get("steps")).hasSize(StepId.values().length);
        JsonNode vpc = applied.get("steps").get(StepId.VPC.ordinal());
        assertThat(vpc.get("step").asText()).isEqualTo("VPC");
        assertThat(vpc.get("status").asText()).isEqualTo("done");
        assertThat(applied.get("criticalPathSeconds").asDouble()).isPositive()
                .isLessThanOrEqualTo(applied.get("sumOfStepsSeconds").asDouble());
        assertThat(apply.err()).containsPattern("\\[\\d\\d:\\d\\d:\\d\\d\\] VPC \\.\\.\\. created vpc-")
                .containsPattern("\\[\\d\\d:\\d\\d:\\d\\d\\] \u2713 VPC done \\(\\d+\\.\\d s\\)");
        assertThat(apply.err().lines().filter(line -> line.endsWith("] Identity ...")).count())
                .as("identity runs once in the printed run").isEqualTo(1);

        CommandRun status = run(moto, "status", "--lab", "cli-json");
        assertThat(status.out()).containsPattern(": \\d\\d resources").containsPattern("VPC +cli-json-vpc +vpc-[0-9a-f]+ +available");

        CommandRun destroy = run(moto, "destroy", "--lab", "cli-json", "--yes", "--json");
        assertThat(destroy.exitCode()).as(destroy.err()).isZero();
        JsonNode destroyed = JSON.readTree(destroy.out());
        assertThat(destroyed.get("ok").asBoolean()).isTrue();
        assertThat(destroyed.get("left")).isEmpty();
        assertThat(destroy.err()).contains("VPC ... deleted vpc-");
        assertThat(run(moto, "status", "--lab", "cli-json").out()).contains(": 0 resources");
    }

    @Test
    void logsPrintsTheServiceLinesFilteredAndAsJsonLines(MotoServer moto) throws Exception {
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(moto.endpoint())
                .region(MotoServer.REGION).credentialsProvider(MotoServer.CREDENTIALS).build()) {
            logs.createLogGroup(r -> r.logGroupName("/ecs/cli-logs"));
            logs.createLogStream(r -> r.logGroupName("/ecs/cli-logs").logStreamName("ecs/model/task-1"));
            long now = Instant.now().toEpochMilli();
            logs.putLogEvents(r -> r.logGroupName("/ecs/cli-logs").logStreamName("ecs/model/task-1").logEvents(
                    InputLogEvent.builder().timestamp(now - 2000).message("INFO model loaded").build(),
                    InputLogEvent.builder().timestamp(now - 1000).message("ERROR text too long").build()));
        }
        CommandRun all = run(moto, "logs", "--lab", "cli-logs", "--since", "1h");
        assertThat(all.exitCode()).as(all.err()).isZero();
        List<String> lines = all.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("ecs/model/task-1").endsWith("INFO model loaded");
        assertThat(lines.get(1)).endsWith("ERROR text too long");

        CommandRun errors = run(moto, "logs", "--lab", "cli-logs", "--filter", "error", "--json");
        assertThat(errors.exitCode()).isZero();
        List<String> jsonLines = errors.out().lines().toList();
        assertThat(jsonLines).hasSize(1);
        assertThat(JSON.readTree(jsonLines.get(0)).get("message").asText()).isEqualTo("ERROR text too long");
    }

    @Test
    void logsFollowPrintsEachLineOnceAcrossPollsUntilStopped(MotoServer moto) throws Exception {
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(moto.endpoint())
                .region(MotoServer.REGION).credentialsProvider(MotoServer.CREDENTIALS).build()) {
            logs.createLogGroup(r -> r.logGroupName("/ecs/cli-follow"));
            logs.createLogStream(r -> r.logGroupName("/ecs/cli-follow").logStreamName("ecs/model/task-1"));
            long now = Instant.now().toEpochMilli();
            logs.putLogEvents(r -> r.logGroupName("/ecs/cli-follow").logStreamName("ecs/model/task-1").logEvents(
                    InputLogEvent.builder().timestamp(now - 1000).message("first").build(),
                    InputLogEvent.builder().timestamp(now - 1000).message("second, same millisecond").build()));
        }
        AtomicReference<CommandRun> result = new AtomicReference<>();
        Thread follower = new Thread(() -> result.set(run(moto, "logs", "--lab", "cli-follow", "--follow")));
        follower.start();
        // Long enough for several polls (one a second): each must not deliver the lines again.
        Thread.sleep(3500);
        follower.interrupt();
        follower.join(20_000);
        assertThat(follower.isAlive()).isFalse();
        CommandRun run = result.get();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("following /ecs/cli-follow");
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith("first");
        assertThat(lines.get(1)).endsWith("second, same millisecond");
    }

    @Test
    void logsOfALabWithoutALogGroupSayWhatToDoInOneLine(MotoServer moto) {
        CommandRun run = run(moto, "logs", "--lab", "cli-nologs");
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertNoStackTrace(run);
        assertThat(run.err().strip()).startsWith("error: the log group /ecs/cli-nologs does not exist yet")
                .doesNotContain("\n");
    }
}
