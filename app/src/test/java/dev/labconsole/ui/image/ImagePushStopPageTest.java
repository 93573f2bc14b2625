package dev.labconsole.ui.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.image.ServerImage;
import dev.labconsole.lab.Connection;
import dev.labconsole.lab.ImageSupport;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import dev.labconsole.testing.CountingProxy;
import dev.labconsole.testing.DebianBaseImage;
import dev.labconsole.testing.LocalRegistry;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.RegistryExtension;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.LabSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Registry page's Stop: a push of the real server image to a real registry, slowed to a thin uplink,
 * stopped halfway from the page's model, says it stopped and leaves nothing tagged; Push again pushes it.
 * The page's work runs on background threads and its results on one "UI" thread, as in the window.
 */
@ExtendWith({MotoExtension.class, RegistryExtension.class})
class ImagePushStopPageTest {

    private static final long UPLINK_BYTES_PER_SECOND = 20_000_000;

    @TempDir
    Path home;

    private final ExecutorService uiThread = Executors.newSingleThreadExecutor();
    private final BackgroundRunner runner = new BackgroundRunner() {
        @Override
        public <T> Job run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
            Thread thread = new Thread(() -> {
                try {
                    T value = work.call();
                    uiThread.execute(() -> onSuccess.accept(value));
                } catch (Exception e) {
                    uiThread.execute(() -> onFailure.accept(e));
                }
            }, "page-work");
            thread.start();
            return thread::interrupt;
        }

        @Override
        public void onUiThread(Runnable update) {
            uiThread.execute(update);
        }
    };

    @AfterEach
    void stopUiThread() throws InterruptedException {
        uiThread.shutdown();
        uiThread.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void onUi(Runnable action) throws Exception {
        uiThread.submit(action).get(10, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + timeout).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static int manifestStatus(CountingProxy proxy, String repository) throws Exception {
        return LocalRegistry.manifest(proxy.address(), repository, "latest").statusCode();
    }

    @Test
    void stopOnTheRegistryPageEndsThePushTagsNothingAndPushAgainPushes(MotoServer moto, LocalRegistry registry)
            throws Exception {
        DebianBaseImage.assumeAvailable();
        moto.reset();
        Path work = Path.of("target", "image-test-home").toAbsolutePath();
        Files.createDirectories(work);
        try (CountingProxy proxy = CountingProxy.to(registry.port());
                AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()),
                        MotoServer.CREDENTIALS)) {
            String base = DebianBaseImage.pushTo(proxy.address());
            ImageSupport images = new ImageSupport((request, progress, cancelled) ->
                    ServerImage.fromClassPath(work.resolve("image-build")).build(request, progress, cancelled),
                    base, proxy.address());
            // Once at full speed under another lab: Jib caches the compressed layers, later pushes only send them.
            try (LabEngine warm = LabEngine.open(LabConfig.named("page-warm"), aws, new LabStateStore(home), e -> { },
                    images)) {
                assertThat(warm.apply(Set.of(StepId.IMAGE)).ok()).isTrue();
            }
            LabSession session = new LabSession(runner, (config, connection, listener) ->
                    LabEngine.open(config, aws, new LabStateStore(home), listener, images));
            LabEngine engine = session.connect(new Connection("us-east-1", null, moto.endpoint().toString(), null));
            assertThat(engine.apply(Set.of(StepId.REPOSITORY)).ok()).isTrue();
            ImagePushViewModel[] page = new ImagePushViewModel[1];
            onUi(() -> {
                session.connected("123456789012", "us-east-1", true);
                page[0] = new ImagePushViewModel(session, home);
            });
            ImagePushViewModel model = page[0];

            String repository = engine.context().config().lab();
            proxy.limitUploads(UPLINK_BYTES_PER_SECOND);
            proxy.reset();
            onUi(model::push);
            await(() -> proxy.bytesReceived() > 2 * UPLINK_BYTES_PER_SECOND, Duration.ofMinutes(5));
            onUi(model::stop);
            assertThat(model.stoppingProperty().get()).isTrue();
            await(() -> !model.busyProperty().get(), Duration.ofSeconds(30));

            assertThat(model.statusProperty().get()).startsWith("Stopped: the image was not pushed");
            assertThat(model.stoppingProperty().get()).isFalse();
            assertThat(manifestStatus(proxy, repository)).as("half an image is not tagged").isEqualTo(404);

            proxy.limitUploads(0);
            onUi(model::push);
            await(() -> !model.busyProperty().get(), Duration.ofMinutes(5));
            assertThat(model.statusProperty().get()).as("Push again after Stop").startsWith("Pushed");
            assertThat(manifestStatus(proxy, repository)).isEqualTo(200);
            assertThat(engine.state().get(ResourceKey.IMAGE)).isPresent();
        }
    }
}
