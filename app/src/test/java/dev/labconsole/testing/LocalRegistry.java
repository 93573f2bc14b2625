package dev.labconsole.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry on a loopback port: Debian's {@code docker-registry} (the CNCF distribution
 * registry) storing into a temporary folder. Jib and podman reach it over plain HTTP.
 */
public final class LocalRegistry implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final Path storage;
    private final int port;

    private LocalRegistry(Process process, Path storage, int port) {
        this.process = process;
        this.storage = storage;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    static LocalRegistry start() throws IOException {
        Path storage = Files.createTempDirectory("labconsole-registry");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path config = storage.resolve("config.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "  accesslog:",
                "    disabled: true",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + storage.resolve("data"),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port,
                ""), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(EXECUTABLE.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(storage.resolve("registry.log").toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, storage, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!registry.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                registry.close();
                throw new IllegalStateException("docker-registry did not start on port " + port + ": "
                        + Files.readString(storage.resolve("registry.log")));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return registry;
    }

    /** {@code 127.0.0.1:<port>}, the registry part of image references. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + address() + "/v2/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(1000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(storage);
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind.
        }
    }
}
