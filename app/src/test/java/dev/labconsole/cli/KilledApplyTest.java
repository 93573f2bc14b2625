package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.LabState;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.testing.LabConsoleProcess;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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

    @Test
    void applyKilledAtRandomMomentsLeavesAStateFileThatParsesAndResumes(MotoServer moto) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        LabStateStore store = new LabStateStore(home);
        int stateFilesSeen = 0;
        List<Path> leftByEarlierKills = new ArrayList<>();
        for (int kill = 0; kill < 4; kill++) {
            LabConsoleProcess apply = LabConsoleProcess.start(home, LAB, moto.endpoint(), "apply", "--yes");
            // The JVM takes about 5 s to reach the first step here; apply takes about 30 s against moto.
            long delay = 5000 + random.nextInt(12_000);
            Thread.sleep(delay);
            apply.kill();
            assertThat(apply.ended(Duration.ofSeconds(30))).isTrue();
            // This run opened the store when it started: what earlier kills left half-saved is gone.
            assertThat(leftByEarlierKills).allSatisfy(temp -> assertThat(temp).doesNotExist());
            Optional<LabState> state = store.load(LAB);
            List<Path> left = LabConsoleProcess.temporaryStateFiles(home);
            LOG.info("kill -9 after {} ms (seed {}): state file {}, temporary files {}", delay, seed,
                    state.map(s -> s.ids().size() + " ids").orElse("not written yet"), left);
            stateFilesSeen += state.isPresent() ? 1 : 0;
            leftByEarlierKills.addAll(left);
        }
        assertThat(stateFilesSeen).as("at least one kill came after apply started saving (seed " + seed + ")")
                .isPositive();

        LabConsoleProcess destroy = LabConsoleProcess.start(home, LAB, moto.endpoint(), "destroy", "--yes");
        assertThat(destroy.ended(Duration.ofSeconds(180))).isTrue();
        assertThat(destroy.exitValue()).as(destroy.output()).isZero();
        assertThat(LabConsoleProcess.temporaryStateFiles(home)).isEmpty();
        assertThat(destroy.output()).contains("0 resources left");
    }
}
