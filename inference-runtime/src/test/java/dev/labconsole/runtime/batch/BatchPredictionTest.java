package dev.labconsole.runtime.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labconsole.runtime.model.ModelSpec;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPredictionTest {

    private static TextClassifier classifier;

    @TempDir
    Path temp;

    @BeforeAll
    static void load() {
        classifier = TextClassifier.load(ModelSpec.read(ProjectFiles.bundledModel()));
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    private static List<InputRow> rows(int count) {
        List<InputRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new InputRow(i + 1, (i % 2 == 0 ? "a wonderful , moving film number " : "a dull , lifeless mess number ") + i));
        }
        return rows;
    }

    @Test
    void writesOneJsonObjectPerRowInInputOrder() throws IOException {
        Path output = temp.resolve("out.jsonl");
        AtomicInteger lastDone = new AtomicInteger();
        BatchPrediction.Summary summary = new BatchPrediction(classifier, 7, 2)
                .run(rows(100), output, (done, total) -> lastDone.set(done), () -> false);
        assertThat(summary.count()).isEqualTo(100);
        assertThat(lastDone.get()).isEqualTo(100);
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(100);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode row = json.readTree(lines.get(i));
            assertThat(row.fieldNames()).toIterable().containsExactly("text", "label", "score", "scores");
            assertThat(row.get("text").asText()).endsWith("number " + i);
            assertThat(row.get("label").asText()).isEqualTo(i % 2 == 0 ? "positive" : "negative");
            assertThat(row.get("score").asDouble()).isEqualTo(row.get("scores").get(row.get("label").asText()).asDouble());
        }
    }

    @Test
    void csvOutputHasAHeaderAndQuotesTexts() throws IOException {
        Path output = temp.resolve("out.csv");
        new BatchPrediction(classifier).run(List.of(new InputRow(1, "good, \"really\" good")), output,
                BatchPrediction.Progress.NONE, () -> false);
        List<String> lines = Files.readAllLines(output);
        assertThat(lines.get(0)).isEqualTo("text,label,score,negative,positive");
        assertThat(lines.get(1)).startsWith("\"good, \"\"really\"\" good\",positive,");
    }

    @Test
    void aCancelledRunWritesNothingAndKeepsAnExistingFile() throws IOException {
        Path output = Files.writeString(temp.resolve("out.jsonl"), "earlier results\n");
        AtomicInteger batches = new AtomicInteger();
        assertThatThrownBy(() -> new BatchPrediction(classifier, 4, 1)
                .run(rows(200), output, (done, total) -> batches.incrementAndGet(), () -> batches.get() >= 3))
                .isInstanceOf(CancellationException.class);
        assertThat(Files.readString(output)).isEqualTo("earlier results\n");
        try (var files = Files.list(temp)) {
            assertThat(files).as("no partial file is left beside the output").containsExactly(output);
        }
    }
}
