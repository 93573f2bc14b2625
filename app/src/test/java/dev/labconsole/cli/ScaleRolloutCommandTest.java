package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", moto.endpoint().toString(), "--region", "us-east-1", "--home", home.toString()));
        return CommandRun.of(all.toArray(String[]::new));
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
}
