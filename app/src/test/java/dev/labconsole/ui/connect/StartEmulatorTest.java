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
}
