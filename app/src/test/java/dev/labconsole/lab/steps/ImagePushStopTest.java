package dev.labconsole.lab.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.image.ServerImage;
import dev.labconsole.lab.ImageSupport;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabRun;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.Phase;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.RunResult;
import dev.labconsole.lab.StepId;
import dev.labconsole.lab.StepOutcome;
import dev.labconsole.testing.CountingProxy;
import dev.labconsole.testing.DebianBaseImage;
import dev.labconsole.testing.LabConsoleProcess;
import dev.labconsole.testing.LocalRegistry;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.RegistryExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping a push of the real server image (Jib) halfway, to a real registry behind a proxy that slows
 * uploads to a thin uplink's pace: the run ends STOPPED in a small part of the time a whole push takes
 * (both measured here), the transfers really end, nothing is tagged, and the next run pushes the image
 * whole. The same for {@code labconsole image push} stopped by Ctrl-C.
 */
@ExtendWith({MotoExtension.class, RegistryExtension.class})
class ImagePushStopTest {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePushStopTest.class);
    /** Slow enough that the image's own layers take seconds to send, so a stop lands mid-push. */
    private static final long UPLINK_BYTES_PER_SECOND = 20_000_000;

    private static CountingProxy proxy;
    private static String base;
    private static Path shared;

    @TempDir
    Path home;

    private final List<LabEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp(LocalRegistry registry) throws IOException {
        DebianBaseImage.assumeAvailable();
        proxy = CountingProxy.to(registry.port());
        base = DebianBaseImage.pushTo(proxy.address());
        // ServerImageTest's work folder: Jib's compressed layers there spare this class minutes of gzip.
        shared = Path.of("target", "image-test-home").toAbsolutePath();
        Files.createDirectories(shared);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void fullSpeed(MotoServer moto) {
        proxy.limitUploads(0);
        moto.reset();
    }

    private LabEngine engine(AwsClients aws, String lab) {
        ImageSupport images = new ImageSupport((request, progress, cancelled) ->
                ServerImage.fromClassPath(shared.resolve("image-build")).build(request, progress, cancelled),
                base, proxy.address());
        return LabEngine.open(LabConfig.named(lab), aws, new LabStateStore(home), events::add, images);
    }

    private static int manifestStatus(String repository) throws Exception {
        return LocalRegistry.manifest(proxy.address(), repository, "latest").statusCode();
    }

    /** Waits until {@code bytes} more than {@code from} went through the proxy: the push is under way. */
    private static void awaitUploaded(LongSupplier bytes, long from, long more, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (bytes.getAsLong() - from < more) {
            assertThat(System.nanoTime()).as("the push sent " + more + " bytes within " + timeout).isLessThan(end);
            Thread.sleep(50);
        }
    }

    /**
     * Bytes the proxy passes in the second after the one following a stop: none, if the transfers really
     * ended. The first second lets what the sockets had buffered drain at the uplink's pace (a few MB).
     */
    private static long bytesInTheSecondAfterNext() throws InterruptedException {
        Thread.sleep(1000);
        long before = proxy.bytesReceived();
        Thread.sleep(1000);
        return proxy.bytesReceived() - before;
    }

    @Test
    void aStoppedPushEndsInASmallPartOfAWholeOneTagsNothingAndTheNextRunPushesIt(MotoServer moto) throws Exception {
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            // Once at full speed: Jib compresses and caches the layers, which later pushes only send.
            try (LabEngine warm = engine(aws, "stop-warm")) {
                assertThat(warm.apply(Set.of(StepId.IMAGE)).ok()).isTrue();
            }
            proxy.limitUploads(UPLINK_BYTES_PER_SECOND);

            long wholeNanos;
            String wholeDigest;
            proxy.reset();
            try (LabEngine whole = engine(aws, "stop-whole")) {
                long start = System.nanoTime();
                RunResult pushed = whole.apply(Set.of(StepId.IMAGE));
                wholeNanos = System.nanoTime() - start;
                assertThat(pushed.ok()).as(pushed.outcomes().toString()).isTrue();
                wholeDigest = whole.state().get(ResourceKey.IMAGE).orElseThrow();
            }
            long wholeBytes = proxy.bytesReceived();

            proxy.reset();
            try (LabEngine engine = engine(aws, "stop-half")) {
                LabRun run = engine.start(Phase.APPLY, Set.of(StepId.IMAGE));
                awaitUploaded(proxy::bytesReceived, 0, wholeBytes / 4, Duration.ofMinutes(5));
                long cancelledAt = System.nanoTime();
                run.cancel();
                RunResult stopped = run.await(Duration.ofMinutes(2)).orElseThrow();
                long stopNanos = System.nanoTime() - cancelledAt;
                long sentAtStop = proxy.bytesReceived();
                long sentAfter = bytesInTheSecondAfterNext();
                LOG.info("whole push {} ms ({} MB through the proxy); stopped after {} MB, {} ms after the cancel;"
                        + " {} bytes in the second after the next", wholeNanos / 1_000_000, wholeBytes / 1_000_000, sentAtStop / 1_000_000,
                        stopNanos / 1_000_000, sentAfter);

                StepOutcome image = stopped.outcomes().get(StepId.IMAGE);
                assertThat(image.status()).as(image.message()).isEqualTo(StepOutcome.Status.STOPPED);
                assertThat(stopped.stopped()).isTrue();
                assertThat(stopNanos * 5).as("the stop took a small part of a whole push").isLessThan(wholeNanos);
                assertThat(sentAtStop).as("stopped halfway").isLessThan(wholeBytes);
                assertThat(sentAfter).as("no transfer goes on after the stop").isLessThan(UPLINK_BYTES_PER_SECOND / 10);
                assertThat(manifestStatus("stop-half")).as("a half push is not an image").isEqualTo(404);
                assertThat(engine.state().get(ResourceKey.IMAGE)).isEmpty();
                assertThat(ImageStep.latest(engine.context())).isEmpty();

                proxy.limitUploads(0);
                RunResult resumed = engine.start(Phase.APPLY, Set.of(StepId.IMAGE)).await();

                assertThat(resumed.ok()).as(resumed.outcomes().toString()).isTrue();
                assertThat(manifestStatus("stop-half")).isEqualTo(200);
                String digest = engine.state().get(ResourceKey.IMAGE).orElseThrow();
                assertThat(digest.substring(digest.indexOf('@'))).as("the same image as a push never stopped")
                        .isEqualTo(wholeDigest.substring(wholeDigest.indexOf('@')));
            }
        }
    }

    @Test
    void ctrlCStopsImagePushAndTheSameCommandPushesAfterwards(MotoServer moto) throws Exception {
        String target = proxy.address() + "/ctrl-c/server:latest";
        // Warm the shared layer cache in this JVM (a no-op when the other test ran first).
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
                LabEngine warm = engine(aws, "stop-warm")) {
            assertThat(warm.apply(Set.of(StepId.IMAGE)).ok()).isTrue();
        }
        proxy.limitUploads(UPLINK_BYTES_PER_SECOND);
        proxy.reset();
        LabConsoleProcess push = LabConsoleProcess.start(home, "ctrl-c", moto.endpoint(), "image", "push",
                "--base", base, "--to", target, "--home", shared.toString());
        push.awaitOutput("pushing to", Duration.ofMinutes(5));
        awaitUploaded(proxy::bytesReceived, 0, 4 * UPLINK_BYTES_PER_SECOND, Duration.ofMinutes(5));

        push.interrupt();

        assertThat(push.ended(Duration.ofSeconds(8))).as("image push ended soon after Ctrl-C").isTrue();
        assertThat(push.output()).contains("Stopping the push").contains("run the same command again")
                .contains("stopped: the image was not pushed");
        assertThat(manifestStatus("ctrl-c/server")).as("nothing tagged").isEqualTo(404);

        proxy.limitUploads(0);
        LabConsoleProcess again = LabConsoleProcess.start(home, "ctrl-c", moto.endpoint(), "image", "push",
                "--base", base, "--to", target, "--home", shared.toString());

        assertThat(again.ended(Duration.ofMinutes(5))).isTrue();
        assertThat(again.exitValue()).as(again.output()).isZero();
        assertThat(manifestStatus("ctrl-c/server")).isEqualTo(200);
    }
}
