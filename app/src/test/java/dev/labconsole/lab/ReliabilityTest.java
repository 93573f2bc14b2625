package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reduced {@link ReliabilityBenchmark} in the suite, so CI exercises the proxy: three seeds of apply +
 * destroy through 10% faults, an expired session mid-run, one kill -9 of the CLI during apply and one
 * during destroy.
 */
@ExtendWith(MotoExtension.class)
class ReliabilityTest {

    /**
     * AWS's timing off (moto's instant answers) so the suite stays fast: the SDK waiters poll every 15 s,
     * so any pending state costs a quarter minute per wait. {@code RealisticAwsTest} covers the timing.
     */
    private static final double SCALE = 0;

    @TempDir
    Path home;

    @Test
    void seededRunsThroughFaultsConvergeWithoutDuplicatesToNothingLeft(MotoServer moto) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            ReliabilityBenchmark.SeededRun run = ReliabilityBenchmark.seeded(moto, home, seed, SCALE, 0.1);
            assertThat(run.faults()).as("faults were injected").isPositive();
            assertThat(run.converged()).as(run.toString()).isTrue();
            assertThat(run.duplicates()).as(run.toString()).isEmpty();
            assertThat(run.leftAfterDestroy()).as(run.toString()).isEmpty();
            assertThat(run.destroyNothingLeft()).as(run.toString()).isTrue();
        }
    }

    @Test
    void anExpiredSessionKeepsTheStateConsistentSaysWhatToDoAndAFreshOneFinishes(MotoServer moto) throws Exception {
        ReliabilityBenchmark.ExpiryRun run = ReliabilityBenchmark.expiry(moto, home, SCALE);
        assertThat(run.stoppedWithExpiry()).as(run.message()).isTrue();
        assertThat(run.message()).contains("paste fresh credentials from AWS Academy").contains("Connect page");
        assertThat(run.stateConsistent()).isTrue();
        assertThat(run.rerunOk()).isTrue();
        assertThat(run.duplicates()).isEmpty();
        assertThat(run.destroyedToNothing()).isTrue();
    }

    @Test
    void aCliKilledDuringApplyOrDestroyResumesToCompleteAndThenToNothing(MotoServer moto) throws Exception {
        Random random = new Random(5);
        for (String phase : new String[] {"apply", "destroy"}) {
            ReliabilityBenchmark.KillRun run = ReliabilityBenchmark.kill(moto, home, phase, random, SCALE, 6);
            assertThat(run.resumedOk()).as(run.toString()).isTrue();
            assertThat(run.duplicates()).as(run.toString()).isEmpty();
            assertThat(run.destroyOk()).as(run.toString()).isTrue();
            assertThat(run.leftAfterDestroy()).as(run.toString()).isEmpty();
        }
    }
}
