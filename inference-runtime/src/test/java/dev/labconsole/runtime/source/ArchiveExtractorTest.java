package dev.labconsole.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.runtime.model.ModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractorTest {

    @TempDir
    Path temp;

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path file = temp.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    private Path tarGz(String name, Map<String, String> entries, String symlink) throws IOException {
        Path file = temp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var entry : entries.entrySet()) {
                byte[] bytes = entry.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey(), true);
                tarEntry.setSize(bytes.length);
                tar.putArchiveEntry(tarEntry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
            if (symlink != null) {
                TarArchiveEntry link = new TarArchiveEntry("model/link", TarArchiveEntry.LF_SYMLINK);
                link.setLinkName(symlink);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    @Test
    void unpacksAZipAndFindsTheModelInsideItsOnlyFolder() throws IOException {
        Path archive = zip("m.zip", Map.of("sentiment/model.properties", "engine=PyTorch", "sentiment/labels.txt", "a\nb"));
        Path folder = new ArchiveExtractor(temp.resolve("cache")).extract(archive, DownloadProgress.NONE);
        assertThat(folder.getFileName().toString()).isEqualTo("sentiment");
        assertThat(Files.readString(folder.resolve("labels.txt"))).isEqualTo("a\nb");
    }

    @Test
    void theSameArchiveIsUnpackedOnce() throws IOException {
        Path archive = tarGz("m.tar.gz", Map.of("model.properties", "engine=PyTorch"), null);
        ArchiveExtractor extractor = new ArchiveExtractor(temp.resolve("cache"));
        Path first = extractor.extract(archive, DownloadProgress.NONE);
        Files.writeString(first.resolve("marker"), "kept");
        Path second = extractor.extract(archive, DownloadProgress.NONE);
        assertThat(second).isEqualTo(first);
        assertThat(second.resolve("marker")).exists();
    }

    @Test
    void zipEntriesThatEscapeTheFolderAreRejectedAndNothingIsWritten() throws IOException {
        Path archive = zip("evil.zip", Map.of("model.properties", "x", "../../escaped.txt", "gotcha"));
        Path cache = temp.resolve("cache");
        assertThatThrownBy(() -> new ArchiveExtractor(cache).extract(archive, DownloadProgress.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("outside the model folder");
        assertThat(temp.resolve("escaped.txt")).doesNotExist();
        assertThat(cache.getParent().resolve("escaped.txt")).doesNotExist();
        try (var left = Files.list(cache)) {
            assertThat(left).as("no staging or partial folder is left").isEmpty();
        }
    }

    @Test
    void absoluteTarEntriesAreRejected() throws IOException {
        Path archive = tarGz("abs.tar.gz", Map.of("/tmp/labconsole-absolute-entry", "x"), null);
        assertThatThrownBy(() -> new ArchiveExtractor(temp.resolve("cache")).extract(archive, DownloadProgress.NONE))
                .hasMessageContaining("outside the model folder");
    }

    @Test
    void linksAreRejected() throws IOException {
        Path archive = tarGz("link.tar.gz", Map.of("model/model.properties", "x"), "/etc/passwd");
        assertThatThrownBy(() -> new ArchiveExtractor(temp.resolve("cache")).extract(archive, DownloadProgress.NONE))
                .hasMessageContaining("holds a link");
    }

    @Test
    void aCorruptArchiveSaysSo() throws IOException {
        Path archive = temp.resolve("broken.tar.gz");
        Files.writeString(archive, "this is not gzip");
        assertThatThrownBy(() -> new ArchiveExtractor(temp.resolve("cache")).extract(archive, DownloadProgress.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("cannot read archive");
    }

    @Test
    void progressReachesTheArchiveSize() throws IOException {
        Path archive = zip("p.zip", Map.of("model.properties", "x".repeat(600_000)));
        long[] last = {0, 0};
        new ArchiveExtractor(temp.resolve("cache")).extract(archive, (what, done, total) -> {
            last[0] = done;
            last[1] = total;
        });
        assertThat(last[1]).isEqualTo(Files.size(archive));
        assertThat(last[0]).isEqualTo(last[1]);
    }
}
