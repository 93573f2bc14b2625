package dev.labconsole.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.LabSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Start emulator" with the real moto_server: it starts, waits until it answers, and connects. */
class StartEmulatorTest {

    @TempDir
    Path stateHome;

    private LabSession session;
    private ConnectViewModel model;

    private void open() {
        LabStateStore store = new LabStateStore(stateHome);
        session = new LabSession(BackgroundRunner.synchronous(),
                (config, connection, listener) -> LabEngine.connect(config, connection, store, listener));
        model = new ConnectViewModel(session, BackgroundRunner.synchronous(), List.of(),
                Optional.of(MotoServer.executable()));
        model.practiceModeProperty().set(true);
    }

    @AfterEach
    void close() {
        model.close();
        session.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void startsALocalRegistryBesideTheEmulatorAndPracticeModePushesThere() throws Exception {
        Optional<Path> registry = LocalRegistry.find();
        org.junit.jupiter.api.Assumptions.assumeTrue(registry.isPresent(),
                "Debian's docker-registry is not installed here (.ci/run installs it): skipped");
        open();
        model.localRegistry(registry, stateHome.resolve("registry"));
        int port = freePort();
        model.emulatorUrlProperty().set("http://127.0.0.1:" + port);

        model.startEmulator();

        assertThat(session.connectedProperty().get()).as(model.statusProperty().get()).isTrue();
        String hostPort = model.practiceRegistryProperty().get();
        assertThat(hostPort).as(model.statusProperty().get()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(model.connection().practiceRegistry()).isEqualTo(hostPort);
        assertThat(session.practiceRegistryProperty().get()).as("the pages know they can push").isTrue();
        assertThat(model.statusProperty().get()).contains("images go to the local registry " + hostPort);
        java.net.http.HttpResponse<String> catalog = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + hostPort + "/v2/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(catalog.statusCode()).as("a registry answers the distribution API").isEqualTo(200);

        model.close();
        int registryPort = Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (answers(registryPort) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(answers(registryPort)).as("the registry stops with the window").isFalse();
    }

    @Test
    void withoutDockerRegistryPracticeModeSaysTheImageCanOnlyBeWrittenToAFile() throws Exception {
        open();
        model.localRegistry(Optional.empty(), stateHome.resolve("registry"));
        model.emulatorUrlProperty().set("http://127.0.0.1:" + freePort());

        model.startEmulator();

        assertThat(session.connectedProperty().get()).isTrue();
        assertThat(model.practiceRegistryProperty().get()).isEmpty();
        assertThat(model.connection().practiceRegistry()).isNull();
        assertThat(model.statusProperty().get()).contains("Install Debian's docker-registry");
    }

    @Test
    void startsTheEmulatorConnectsToItAndStopsItOnClose() throws Exception {
        open();
        int port = freePort();
        model.emulatorUrlProperty().set("http://127.0.0.1:" + port);

        model.startEmulator();

        assertThat(model.emulatorRunningProperty().get()).isTrue();
        assertThat(session.connectedProperty().get()).as(model.statusProperty().get()).isTrue();
        assertThat(model.accountProperty().get()).isEqualTo("123456789012");
        assertThat(session.practiceProperty().get()).isTrue();

        model.close();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (answers(port) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(answers(port)).as("the window's emulator stops with the window").isFalse();
    }

    @Test
    void aPortInUseIsSaidPlainlyAndNothingStarts() throws Exception {
        open();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            model.emulatorUrlProperty().set("http://127.0.0.1:" + taken.getLocalPort());

            model.startEmulator();

            assertThat(model.statusProperty().get()).startsWith("Could not start moto_server: port "
                    + taken.getLocalPort() + " is already in use");
            assertThat(model.emulatorRunningProperty().get()).isFalse();
            assertThat(session.connectedProperty().get()).isFalse();
        }
    }

    @Test
    void realisticTimingPutsTheAwsLikeProxyInFrontOfTheEmulator() throws Exception {
        open();
        int port = freePort();
        model.emulatorUrlProperty().set("http://127.0.0.1:" + port);
        model.timingScaleProperty().set(0.01);

        model.startEmulator();

        assertThat(session.connectedProperty().get()).as(model.statusProperty().get()).isTrue();
        // moto alone answers CreateCluster at once; AWS (and the proxy) refuse the account's first one.
        try (var ecs = software.amazon.awssdk.services.ecs.EcsClient.builder()
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + port))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(MotoServer.CREDENTIALS)
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ecs.createCluster(r -> r.clusterName("timing")))
                    .hasMessageContaining("service linked role");
        }
        model.close();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (answers(port) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(answers(port)).as("the proxy stops with the window").isFalse();
    }
}
