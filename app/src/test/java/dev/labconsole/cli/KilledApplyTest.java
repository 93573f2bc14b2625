package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.LabState;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kill -9} of a real {@code labconsole apply} process against moto, at random moments: every time,
 * the state file left behind parses, and the next run (which resumes) removes any temporary file the
 * killed one left; a final destroy leaves nothing.
 */
@ExtendWith(MotoExtension.class)
class KilledApplyTest {

    private static final Logger LOG = LoggerFactory.getLogger(KilledApplyTest.class);
    private static final String LAB = "killed-apply";

    @TempDir
    Path home;

    private Process start(MotoServer moto, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "dev.labconsole.Launcher"));
        args.addAll(List.of(command));
        args.addAll(List.of("--lab", LAB, "--endpoint", moto.endpoint().toString(), "--region", "us-east-1"));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(home.resolve("run.log").toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put("LABCONSOLE_HOME", home.toString());
        // The native libraries are unpacked once per machine, not into this test's temporary home.
        String djlCache = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
        builder.environment().put("DJL_CACHE_DIR", djlCache != null ? djlCache
                : Path.of(System.getProperty("user.home"), ".labconsole", "djl-cache").toString());
        return builder.start();
    }

    private List<Path> temporaryFiles() throws Exception {
        Path labs = home.resolve("labs");
        if (!Files.isDirectory(labs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(labs)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void applyKilledAtRandomMomentsLeavesAStateFileThatParsesAndResumes(MotoServer moto) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        LabStateStore store = new LabStateStore(home);
        int stateFilesSeen = 0;
        List<Path> leftByEarlierKills = new ArrayList<>();
        for (int kill = 0; kill < 4; kill++) {
            Process apply = start(moto, "apply", "--yes");
            // The JVM takes about 5 s to reach the first step here; apply takes about 30 s against moto.
            long delay = 5000 + random.nextInt(12_000);
            Thread.sleep(delay);
            apply.destroyForcibly();
            assertThat(apply.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // This run opened the store when it started: what earlier kills left half-saved is gone.
            assertThat(leftByEarlierKills).allSatisfy(temp -> assertThat(temp).doesNotExist());
            Optional<LabState> state = store.load(LAB);
            List<Path> left = temporaryFiles();
            LOG.info("kill -9 after {} ms (seed {}): state file {}, temporary files {}", delay, seed,
                    state.map(s -> s.ids().size() + " ids").orElse("not written yet"), left);
            stateFilesSeen += state.isPresent() ? 1 : 0;
            leftByEarlierKills.addAll(left);
        }
        assertThat(stateFilesSeen).as("at least one kill came after apply started saving (seed " + seed + ")")
                .isPositive();

        Process destroy = start(moto, "destroy", "--yes");
        assertThat(destroy.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(destroy.exitValue()).as(Files.readString(home.resolve("run.log"))).isZero();
        assertThat(temporaryFiles()).isEmpty();
        assertThat(Files.readString(home.resolve("run.log"))).contains("0 resources left");
    }
}
