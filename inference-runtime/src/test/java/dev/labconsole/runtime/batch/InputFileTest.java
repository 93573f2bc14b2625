package dev.labconsole.runtime.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileTest {

    @TempDir
    Path temp;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(temp.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void aTextFileIsOneTextPerLineSkippingBlankLines() throws IOException {
        InputFile input = InputFile.read(file("in.txt", "\uFEFFgreat film\n\n   \nawful, just awful\r\nok\n"));
        assertThat(input.rows()).extracting(InputRow::text).containsExactly("great film", "awful, just awful", "ok");
        assertThat(input.rows()).extracting(InputRow::line).containsExactly(1, 4, 5);
        assertThat(input.skippedBlank()).isEqualTo(2);
    }

    @Test
    void aCsvReadsTheTextColumnWithQuotesCommasAndNewlines() throws IOException {
        InputFile input = InputFile.read(file("in.csv",
                "id,Text,stars\n1,\"loved it, truly\",5\n2,\"a \"\"so-so\"\"\nfilm\",3\n3,,1\n4,plain,2\n"));
        assertThat(input.rows()).extracting(InputRow::text)
                .containsExactly("loved it, truly", "a \"so-so\"\nfilm", "plain");
        assertThat(input.rows()).extracting(InputRow::line).containsExactly(2, 3, 6);
        assertThat(input.skippedBlank()).isEqualTo(1);
    }

    @Test
    void aTsvTakesTheSentenceColumnAndKeepsQuotesAsTheyAre() throws IOException {
        InputFile input = InputFile.read(file("dev.tsv", "sentence\tlabel\nit 's a \"charming\" film\t1\n"));
        assertThat(input.rows()).extracting(InputRow::text).containsExactly("it 's a \"charming\" film");
    }

    @Test
    void aTableWithoutATextColumnNamesItsHeader() throws IOException {
        Path csv = file("in.csv", "id,review\n1,good\n");
        assertThatThrownBy(() -> InputFile.read(csv))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("no 'text' or 'sentence' column")
                .hasMessageContaining("id,review");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirLine() throws IOException {
        Path txt = temp.resolve("latin1.txt");
        Files.write(txt, "fine\nalso fine\ncaf\u00e9 latin-1\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> InputFile.read(txt))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is not UTF-8")
                .hasMessageContaining("line 3");
    }

    @Test
    void aTextOfAMegabyteIsRefusedWithItsLine() throws IOException {
        Path txt = file("big.txt", "short\n" + "a".repeat(1_048_576) + "\n");
        assertThatThrownBy(() -> InputFile.read(txt))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("line 2 is 1,048,576 characters long; the limit is 10,000");
    }

    @Test
    void unknownExtensionsEmptyFilesAndMissingFilesAreExplained() throws IOException {
        assertThatThrownBy(() -> InputFile.read(file("in.json", "[]"))).hasMessageContaining("use a .txt file");
        assertThatThrownBy(() -> InputFile.read(file("empty.txt", "\n\n"))).hasMessageContaining("holds no texts");
        assertThatThrownBy(() -> InputFile.read(temp.resolve("missing.txt"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> InputFile.read(file("open.csv", "text\n\"never closed\n")))
                .hasMessageContaining("never closed");
    }

    @Test
    void textLimitsNameTheFieldAtFault() {
        assertThatThrownBy(() -> TextLimits.check("  ", "--text")).hasMessageContaining("--text is empty");
        assertThatThrownBy(() -> TextLimits.checkBatch(java.util.Collections.nCopies(257, "x"), "texts"))
                .hasMessageContaining("texts has 257 texts; at most 256");
        assertThatThrownBy(() -> TextLimits.checkBatch(java.util.List.of("ok", ""), "texts"))
                .hasMessageContaining("texts[1] is empty");
    }
}
