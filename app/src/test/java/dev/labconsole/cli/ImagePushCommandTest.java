package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code image push} with wrong input: one clear line, the right exit code, and nothing pushed. */
@ExtendWith(MotoExtension.class)
class ImagePushCommandTest {

    @TempDir
    Path home;

    @Test
    void aTargetThatIsNotAnImageReferenceIsBadInput() {
        CommandRun run = CommandRun.of("image", "push", "--to", "Not An Image", "--home", home.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("--to 'Not An Image' is not an image reference").doesNotContain("Exception");
        assertThat(home).isEmptyDirectory();
    }

    @Test
    void anArchiveInAFolderThatDoesNotExistIsBadInput() {
        CommandRun run = CommandRun.of("image", "push", "--tar", "/nonexistent-dir/x.tar", "--home", home.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("/nonexistent-dir").contains("--tar");
        assertThat(home).isEmptyDirectory();
    }

    @Test
    void everyProblemIsListedBeforeAnythingRuns() {
        CommandRun run = CommandRun.of("image", "push", "--lab", "Bad_Lab!", "--base", "::", "--region", "mars-1",
                "--home", home.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err().lines().filter(line -> line.startsWith("error: ")).count()).isGreaterThanOrEqualTo(3);
        assertThat(run.err()).contains("--base '::'");
    }

    @Test
    void withoutTheLabsRepositoryItSaysToCreateItFirst(MotoServer moto) {
        CommandRun run = CommandRun.of("image", "push", "--lab", "no-such-lab", "--endpoint", moto.endpoint().toString(),
                "--region", "us-east-1", "--home", home.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("no-such-lab").contains("create it first");
        assertThat(home).isEmptyDirectory();
    }

    @Test
    void anUnreachableBaseImageFailsNamingItAndTheOptionToChooseAnother() {
        Path workHome = Path.of("target", "image-test-home");
        CommandRun run = CommandRun.of("image", "push", "--base", "127.0.0.1:1/nothing:1",
                "--tar", home.resolve("x.tar").toString(), "--home", workHome.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        String error = run.err().lines().filter(line -> line.startsWith("error: ")).findFirst().orElse("");
        assertThat(error).contains("could not pull the base image 127.0.0.1:1/nothing:1").contains("--base");
        assertThat(run.err()).doesNotContain("Exception");
        assertThat(home.resolve("x.tar")).doesNotExist();
    }
}
