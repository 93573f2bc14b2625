package dev.labconsole.ui.connect;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process the window started for practice mode ({@code moto_server}, or the local registry that
 * stands in for ECR); stopped when the window closes.
 */
public final class EmulatorProcess implements AutoCloseable {

    private final Process process;
    private int port;
    // A window ended by a signal (or a crash of the FX thread) never reaches close(): the emulator must
    // not outlive it, holding the port for the next start.
    private final Thread stopWithJvm;

    private EmulatorProcess(Process process) {
        this.process = process;
        this.stopWithJvm = new Thread(process::destroy, "stop-emulator");
        Runtime.getRuntime().addShutdownHook(stopWithJvm);
    }

    /**
     * {@code moto_server} on the PATH; else where {@code pipx install 'moto[server]'} (or {@code pip install
     * --user}) puts it, {@code ~/.local/bin}, which a program started from the desktop menu may not have on its
     * PATH; else in the checkout's virtualenvs: {@code .venv-moto} (the README's practice-mode set-up) or
     * {@code .venv-test} (what the test command installs), so a student who ran either needs nothing more.
     */
    public static Optional<Path> find() {
        String launcher = System.getProperty("labconsole.launcher");
        return find(System.getenv("PATH"),
                launcher == null ? Optional.empty() : Optional.ofNullable(Path.of(launcher).getParent()),
                Optional.ofNullable(System.getProperty("user.home")).map(Path::of),
                System.getProperty("os.name", "").startsWith("Windows"));
    }

    static Optional<Path> find(String pathVariable, Optional<Path> checkout) {
        return find(pathVariable, checkout, Optional.empty(), false);
    }

    static Optional<Path> find(String pathVariable, Optional<Path> checkout, Optional<Path> home, boolean windows) {
        // Python on Windows installs moto_server.exe into Scripts\ rather than bin/.
        String name = windows ? "moto_server.exe" : "moto_server";
        String scripts = windows ? "Scripts" : "bin";
        List<Path> candidates = onPath(pathVariable, name);
        home.ifPresent(h -> candidates.add(h.resolve(".local").resolve("bin").resolve(name)));
        checkout.ifPresent(root -> {
            candidates.add(root.resolve(".venv-moto").resolve(scripts).resolve(name));
            candidates.add(root.resolve(".venv-test").resolve(scripts).resolve(name));
        });
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Where {@code name} would be in each folder of {@code pathVariable} ({@code PATH}), in order. */
    static List<Path> onPath(String pathVariable, String name) {
        List<Path> candidates = new ArrayList<>();
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, name));
                }
            }
        }
        return candidates;
    }

    /** Whether nothing listens on {@code port} of the loopback interface. */
    static boolean portFree(int port) {
        if (port < 1 || port > 65535) {
            return false;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts {@code executable} on {@code port} of the loopback interface and waits until it accepts
     * connections. Blocks: call it in the background.
     *
     * @throws IOException when the port is taken, the emulator exits, or it does not answer in time
     */
    public static EmulatorProcess start(Path executable, int port, Duration timeout) throws IOException {
        // Something already listening there would answer the readiness check while our emulator dies.
        if (!portFree(port)) {
            throw new IOException("port " + port + " is already in use: if an emulator runs there, just Connect;"
                    + " otherwise type another port in the emulator URL");
        }
        // Loopback only: the emulator accepts any credentials and must not be reachable from the network.
        return launch(List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)), "moto_server",
                port, timeout);
    }

    /**
     * Starts {@code command}, which listens on {@code port} of the loopback interface, and waits until it
     * accepts connections; {@code name} says what it is in errors.
     */
    static EmulatorProcess launch(List<String> command, String name, int port, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        EmulatorProcess started = new EmulatorProcess(process);
        started.port = port;
        try {
            started.awaitReady(name, port, timeout);
            return started;
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
    }

    private void awaitReady(String name, int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " stopped at once (exit code " + process.exitValue() + ")");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the emulator started", e);
                }
            }
        }
        throw new IOException(name + " did not answer on port " + port + " within " + timeout.toSeconds() + " s");
    }

    /** Where it listens: {@code http://127.0.0.1:<port>}. */
    public java.net.URI endpoint() {
        return java.net.URI.create("http://127.0.0.1:" + port);
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        // Gone before close returns: its port and files are free for whoever comes next.
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopWithJvm);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway.
        }
    }
}
