package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.runtime.model.NativePlatform;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input exits 2 with a sentence saying what to type instead, before any model is loaded. */
class BadInputTest {

    @TempDir
    Path temp;

    private static void assertBadInput(CommandRun run, String expectedMessage) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(expectedMessage).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void versionPrintsTheProjectVersion() {
        CommandRun run = CommandRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("labconsole " + Version.current()).contains("Java ")
                .contains("Platform: " + NativePlatform.currentDisplayName())
                .containsPattern("Native libraries: PyTorch 2\\.7\\.1\\S* cpu "
                        + NativePlatform.current().orElseThrow().classifier() + " \\(pytorch-native-cpu\\)");
        assertThat(Version.current()).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void anEmptyOrHugeTextIsRefused() {
        assertBadInput(CommandRun.of("predict", "--text", "   "), "--text is empty");
        assertBadInput(CommandRun.of("predict", "--text", "b".repeat(1_048_576)), "the limit is 10,000");
    }

    @Test
    void inputNeedsOutputAndExclusiveSources() throws IOException {
        Path input = Files.writeString(temp.resolve("in.txt"), "good\n");
        assertBadInput(CommandRun.of("predict", "--input", input.toString()), "--input needs --output");
        CommandRun both = CommandRun.of("predict", "--text", "x", "--input", input.toString());
        assertThat(both.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(both.err()).contains("mutually exclusive");
        assertBadInput(CommandRun.of("predict", "--input", input.toString(), "--output", temp.toString()), "is a folder");
    }

    @Test
    void aPracticeRegistryMustBeOnThisMachineAndOnlyWithAnEmulator() {
        assertBadInput(CommandRun.of("apply", "--yes", "--endpoint", "http://127.0.0.1:1", "--registry", "10.0.0.5:5001"),
                "--registry '10.0.0.5:5001': give the host:port of a registry on this machine");
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_ENDPOINT_URL") == null,
                "AWS_ENDPOINT_URL is set here, which makes every command practice mode");
        assertBadInput(CommandRun.of("image", "push", "--registry", "127.0.0.1:5001"), "--registry is for practice mode");
    }

    @Test
    void theOutputMayNotBeTheInputNorHideItsFormat() throws IOException {
        Path input = Files.writeString(temp.resolve("reviews.jsonl"), "good\n");
        assertBadInput(CommandRun.of("predict", "--input", input.toString(), "--output", input.toString()),
                "would replace the texts");
        assertThat(Files.readString(input)).as("the input is untouched").isEqualTo("good\n");
        Path text = Files.writeString(temp.resolve("reviews.txt"), "good\n");
        assertBadInput(CommandRun.of("predict", "--input", text.toString(), "--output", temp.resolve("out.xml").toString()),
                "name it .jsonl");
        assertThat(temp.resolve("out.xml")).doesNotExist();
    }

    @Test
    void badInputFilesAreRefusedAndNoOutputIsWritten() throws IOException {
        Path output = temp.resolve("out.jsonl");
        Path latin1 = temp.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertBadInput(CommandRun.of("predict", "--input", latin1.toString(), "--output", output.toString()),
                "is not UTF-8");
        Path noColumn = Files.writeString(temp.resolve("in.csv"), "id,review\n1,good\n");
        assertBadInput(CommandRun.of("predict", "--input", noColumn.toString(), "--output", output.toString()),
                "no 'text' or 'sentence' column");
        assertBadInput(CommandRun.of("predict", "--input", temp.resolve("missing.txt").toString(), "--output",
                output.toString()), "does not exist");
        assertThat(output).doesNotExist();
    }

    @Test
    void aMissingOrBrokenModelIsExplained() throws IOException {
        assertBadInput(CommandRun.of("predict", "--text", "fine", "--model", temp.resolve("nope").toString()),
                "no model at");
        Path broken = Files.createDirectories(temp.resolve("broken"));
        Files.writeString(broken.resolve("model.properties"), "engine=Caffe\nmodel=model.pt\n");
        assertBadInput(CommandRun.of("predict", "--text", "fine", "--model", broken.toString()), "unknown engine 'Caffe'");
        Files.writeString(broken.resolve("model.properties"), "engine=PyTorch\nmodel=model.pt\n");
        Files.writeString(broken.resolve("model.pt"), "these are not TorchScript bytes");
        Files.writeString(broken.resolve("tokenizer.json"), "{}");
        Files.writeString(broken.resolve("labels.txt"), "negative\npositive\n");
        CommandRun corrupt = CommandRun.of("predict", "--text", "fine", "--model", broken.toString());
        assertBadInput(corrupt, "cannot read the tokenizer");
        assertBadInput(CommandRun.of("predict", "--text", "fine", "--model", "s3://Not_A_Bucket/x"),
                "not a valid S3 bucket name");
    }

    @Test
    void serveRefusesBadPortsAndTakenPorts() throws IOException {
        assertBadInput(CommandRun.of("serve", "--port", "70000"), "not a port number");
        CommandRun notANumber = CommandRun.of("serve", "--port", "eighty");
        assertThat(notANumber.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(notANumber.err()).contains("eighty");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertBadInput(CommandRun.of("serve", "--host", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort())), "choose another port");
        }
    }
}
