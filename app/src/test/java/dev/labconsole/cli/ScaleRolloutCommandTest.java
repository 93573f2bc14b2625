package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code scale} and {@code rollout} on a lab that apply built in the emulator. */
@ExtendWith(MotoExtension.class)
class ScaleRolloutCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path models;

    private MotoServer moto;

    @BeforeEach
    void fresh(MotoServer moto) {
        this.moto = moto;
        moto.reset();
    }

    @AfterEach
    void reset() {
        moto.reset();
    }

    private CommandRun run(String... args) {
        return runAt(moto.endpoint(), args);
    }

    private CommandRun runAt(java.net.URI endpoint, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", endpoint.toString(), "--region", "us-east-1", "--home", home.toString()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    /**
     * The lab built and rolled out through the AWS-like emulator, which runs
     * ECS's rolling deployment at 1/10 of AWS's time (6 s to start the tasks, then the lab's target group:
     * 2 health checks 10 s apart, 2 s, and 30 s of draining, 3 s): the status shows both deployments, a second
     * rollout is refused before its upload, then the status says it completed.
     */
    @Test
    void theStatusShowsBothDeploymentsWhileARolloutRuns() throws Exception {
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), new EmulatorSettings(0.1, 0, Set.of(), 0, false))) {
            // An image of the student's own, so the service runs its two tasks (without one it waits for a push).
            CommandRun applied = runAt(proxy.endpoint(), "apply", "--yes", "--image",
                    "public.ecr.aws/docker/library/python:3.12-slim");
            assertThat(applied.exitCode()).as(applied.err()).isEqualTo(ExitCode.OK);
            // The new service's first deployment takes its tasks' start time too (6 s here).
            CommandRun first = untilSettled(proxy.endpoint());
            assertThat(first.out()).containsPattern("No deployment in progress: \\S+:1 is deployed:");
            Path v2 = Files.createDirectories(models.resolve("v2"));
            Files.writeString(v2.resolve("model.pt"), "weights v2");
            CommandRun out = runAt(proxy.endpoint(), "rollout", "--model", v2.toString(), "--version", "v2");
            assertThat(out.exitCode()).as(out.err()).isEqualTo(ExitCode.OK);
            assertThat(out.out()).contains("Rolling out v2").contains("the circuit breaker roll it back if it goes wrong");

            CommandRun status = runAt(proxy.endpoint(), "rollout");
            assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCode.OK);
            assertThat(status.out()).contains("Deployment in progress: ").contains(":1 -> ")
                    .containsPattern("\\n  new \\S+:2 s3://\\S+/models/sentiment/v2/: ")
                    .containsPattern("\\n  old \\S+:1 s3://\\S+/models/sentiment/: 2 running of 2 \\(old tasks still serving\\)")
                    .contains("Safety: the deployment circuit breaker rolls back a deployment whose new tasks keep failing")
                    .contains("no alarms roll it back yet")
                    .contains("has started 2 tasks");

            Path v3 = Files.createDirectories(models.resolve("v3"));
            Files.writeString(v3.resolve("model.pt"), "weights v3");
            CommandRun refused = runAt(proxy.endpoint(), "rollout", "--model", v3.toString(), "--version", "v3");
            assertThat(refused.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(refused.err()).contains("still in progress").doesNotContain("Uploading");
            assertThat(runAt(proxy.endpoint(), "rollout").out()).as("v3 was not uploaded").contains("Versions in the bucket: v2\n");

            CommandRun later = untilSettled(proxy.endpoint());
            assertThat(later.out()).containsPattern("No deployment in progress: \\S+:2 is deployed:")
                    .containsPattern("\\n  new \\S+:2 s3://\\S+/v2/: 2 running of 2 \\(completed\\)")
                    .doesNotContain("  old ")
                    .contains("deployment completed.").contains("has reached a steady state.");
        }
    }

    @Test
    void badInputIsRefusedBeforeAnyCall() {
        assertThat(run("scale", "--min", "3", "--max", "2").err()).contains("above the maximum");
        assertThat(run("scale", "--min", "1", "--max", "2", "--on", "memory").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("scale", "--off", "--max", "2").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("rollout", "--version", "../v1").err()).contains("letters, digits");
        assertThat(run("rollout", "--model", models.resolve("nope").toString(), "--version", "v2").err())
                .contains("is not a folder");
        assertThat(run("rollout", "--back", "--version", "v2").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void theLabsServiceScalesAndANewModelRollsOutAndBack() throws Exception {
        CommandRun applied = run("apply", "--yes");
        assertThat(applied.exitCode()).as(applied.err()).isEqualTo(ExitCode.OK);

        assertThat(run("scale").out()).contains("No autoscaling");
        CommandRun scaled = run("scale", "--min", "2", "--max", "4", "--on", "cpu");
        assertThat(scaled.exitCode()).as(scaled.err()).isEqualTo(ExitCode.OK);
        assertThat(scaled.out()).contains("2 to 4 tasks, holding average CPU % at 60").contains("/h");
        assertThat(run("scale").out()).contains("2 to 4 tasks");
        assertThat(run("scale", "--off").out()).contains("Autoscaling removed");

        Path v2 = Files.createDirectories(models.resolve("v2"));
        Files.writeString(v2.resolve("model.pt"), "weights v2");
        CommandRun out = run("rollout", "--model", v2.toString(), "--version", "v2");
        assertThat(out.exitCode()).as(out.err()).isEqualTo(ExitCode.OK);
        assertThat(out.out()).contains("Rolling out v2").contains(":1 -> ").contains(":2 (s3://")
                .contains("/models/sentiment/v2/");
        assertThat(run("rollout").out()).contains("Versions in the bucket: v2");
        CommandRun back = run("rollout", "--back");
        assertThat(back.exitCode()).as(back.err()).isEqualTo(ExitCode.OK);
        assertThat(back.out()).contains(":2 -> ").contains(":1 (s3://").contains("/models/sentiment/)");
    }

    /** {@code rollout}'s status, read until no deployment is in progress (at most a minute). */
    private CommandRun untilSettled(java.net.URI endpoint) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        CommandRun status = runAt(endpoint, "rollout");
        while (!status.out().contains("No deployment in progress") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            status = runAt(endpoint, "rollout");
        }
        return status;
    }
}
