package dev.labconsole.ui.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Debian's {@code docker-registry} started on loopback for practice mode: the emulator has ECR's
 * repositories but no registry, so the service's image is pushed here instead. Its storage lives under
 * Lab Console's folder, so a second push of the same image uploads nothing.
 */
public final class LocalRegistry implements AutoCloseable {

    private final EmulatorProcess process;
    private final String hostPort;

    private LocalRegistry(EmulatorProcess process, String hostPort) {
        this.process = process;
        this.hostPort = hostPort;
    }

    /** {@code docker-registry} on the PATH or where Debian installs it. */
    public static Optional<Path> find() {
        List<Path> candidates = new ArrayList<>(EmulatorProcess.onPath(System.getenv("PATH"), "docker-registry"));
        candidates.add(Path.of("/usr/bin/docker-registry"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts the registry on {@code preferredPort} of 127.0.0.1 (any free port when that one is taken),
     * storing images in {@code storage}. Blocks: call it in the background.
     */
    public static LocalRegistry start(Path executable, int preferredPort, Path storage, Duration timeout)
            throws IOException {
        int port = EmulatorProcess.portFree(preferredPort) ? preferredPort : anyFreePort();
        Files.createDirectories(storage);
        Path config = Files.createTempFile("labconsole-registry", ".yml");
        config.toFile().deleteOnExit();
        // Loopback only, no auth: the registry is this machine's stand-in for ECR and nothing else's.
        Files.writeString(config, "version: 0.1\n"
                + "log:\n  level: error\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + storage.toAbsolutePath() + "\n"
                + "  delete:\n    enabled: true\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n", StandardCharsets.UTF_8);
        EmulatorProcess process = EmulatorProcess.launch(List.of(executable.toString(), "serve", config.toString()),
                "docker-registry", port, timeout);
        return new LocalRegistry(process, "127.0.0.1:" + port);
    }

    /** A port nothing listens on now, on the loopback interface. */
    static int anyFreePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** {@code 127.0.0.1:port}, what the lab pushes to. */
    public String hostPort() {
        return hostPort;
    }

    public boolean alive() {
        return process.alive();
    }

    @Override
    public void close() {
        process.close();
    }
}
