package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labconsole.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict} with the bundled model, in process. */
class PredictCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void oneTextAsJson() throws IOException {
        CommandRun run = CommandRun.of("predict", "--text", "a gripping , beautifully acted film", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode prediction = JSON.readTree(run.out());
        assertThat(prediction.get("text").asText()).isEqualTo("a gripping , beautifully acted film");
        assertThat(prediction.get("label").asText()).isEqualTo("positive");
        assertThat(prediction.get("scores").fieldNames()).toIterable().containsExactly("negative", "positive");
    }

    @Test
    void oneTextAsALine() {
        CommandRun run = CommandRun.of("predict", "--text", "a tedious , overlong mess");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("negative (").contains("positive 0.").contains(" ms");
    }

    @Test
    void aCsvFileBecomesJsonLinesInOrderWithProgressOnStandardError() throws IOException {
        Path input = Files.writeString(temp.resolve("reviews.csv"),
                "id,text\n1,\"warm, funny and wise\"\n2,\n3,a dull and lifeless mess\n");
        Path output = temp.resolve("out/predictions.jsonl");
        CommandRun run = CommandRun.of("predict", "--input", input.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("skipping 1 blank line").contains("classified 2 texts");
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("text").asText()).isEqualTo("warm, funny and wise");
        assertThat(JSON.readTree(lines.get(0)).get("label").asText()).isEqualTo("positive");
        assertThat(JSON.readTree(lines.get(1)).get("label").asText()).isEqualTo("negative");
    }

    @Test
    void relativeFileNamesAreTheCallersNotTheCheckouts() throws IOException {
        // The launcher changes to the checkout and passes the folder it was called from.
        Path caller = Files.createDirectories(temp.resolve("student"));
        Files.writeString(caller.resolve("reviews.txt"), "a warm and wonderful film\n");
        String before = System.getProperty("labconsole.cwd");
        System.setProperty("labconsole.cwd", caller.toString());
        try {
            CommandRun run = CommandRun.of("predict", "--input", "reviews.txt", "--output", "predictions.jsonl");
            assertThat(run.exitCode()).as(run.err()).isZero();
        } finally {
            if (before == null) {
                System.clearProperty("labconsole.cwd");
            } else {
                System.setProperty("labconsole.cwd", before);
            }
        }
        assertThat(JSON.readTree(Files.readAllLines(caller.resolve("predictions.jsonl")).get(0)).get("label").asText())
                .isEqualTo("positive");
        assertThat(Path.of("predictions.jsonl")).as("nothing written where the process runs").doesNotExist();
    }

    @Test
    void theModelCanBeAnArchive() throws IOException {
        Path archive = temp.resolve("model.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(archive));
                var files = Files.list(ProjectFiles.bundledModel())) {
            for (Path file : files.toList()) {
                zip.putNextEntry(new java.util.zip.ZipEntry("sentiment/" + file.getFileName()));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        CommandRun run = CommandRun.of("predict", "--text", "one of the best films of the year", "--model",
                archive.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(run.out()).get("label").asText()).isEqualTo("positive");
    }
}
