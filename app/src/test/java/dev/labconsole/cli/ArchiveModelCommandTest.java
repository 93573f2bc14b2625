package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.testing.ArchiveBombs;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} and {@code serve} with archives that must be refused: bad input, so exit 2 with one
 * sentence saying what to do, and nothing left in the console's model cache.
 */
class ArchiveModelCommandTest {

    @TempDir
    Path temp;
    private String previousHome;

    @BeforeEach
    void isolateTheConsoleHome() {
        previousHome = System.getProperty("labconsole.home");
        System.setProperty("labconsole.home", temp.resolve("home").toString());
    }

    @AfterEach
    void restoreTheConsoleHome() {
        if (previousHome == null) {
            System.clearProperty("labconsole.home");
        } else {
            System.setProperty("labconsole.home", previousHome);
        }
    }

    @Test
    void predictRefusesAZipBomb() throws IOException {
        Path bomb = ArchiveBombs.zip(temp.resolve("model.zip"), 2048);
        assertRefused(CommandRun.of("predict", "--model", bomb.toString(), "--text", "a fine film"), "archive bomb");
    }

    @Test
    void predictRefusesATarGzBomb() throws IOException {
        Path bomb = ArchiveBombs.tarGz(temp.resolve("model.tar.gz"), 2048);
        assertRefused(CommandRun.of("predict", "--model", bomb.toString(), "--text", "a fine film"), "archive bomb");
    }

    @Test
    void predictRefusesAnArchiveWithTooManyEntries() throws IOException {
        Path archive = ArchiveBombs.manyEntries(temp.resolve("many.zip"), 10_001);
        assertRefused(CommandRun.of("predict", "--model", archive.toString(), "--text", "a fine film"),
                "more than 10,000 files");
    }

    @Test
    void predictRefusesAnArchiveEscapingItsFolder() throws IOException {
        Path archive = temp.resolve("evil.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("../../escaped.txt"));
            zip.write('x');
            zip.closeEntry();
        }
        assertRefused(CommandRun.of("predict", "--model", archive.toString(), "--text", "a fine film"),
                "outside the model folder");
        assertThat(temp.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void serveRefusesAZipBomb() throws IOException {
        Path bomb = ArchiveBombs.zip(temp.resolve("model.zip"), 2048);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertRefused(CommandRun.of("serve", "--model", bomb.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port)), "archive bomb");
    }

    private void assertRefused(CommandRun run, String reason) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT);
        // Progress lines ("unpacking model.zip: ...") may come first; the refusal is one line, the last.
        String[] lines = run.err().strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("error: ").contains(reason);
        assertThat(run.err()).doesNotContain("Exception").containsOnlyOnce("error: ");
        Path cache = temp.resolve("home").resolve("models");
        if (Files.exists(cache)) {
            try (Stream<Path> left = Files.walk(cache)) {
                assertThat(left.filter(Files::isRegularFile)).as("files left in the model cache").isEmpty();
            }
        }
    }
}
