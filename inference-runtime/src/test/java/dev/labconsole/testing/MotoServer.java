package dev.labconsole.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A real {@code moto} server (the AWS API emulator) on a free loopback port.
 *
 * <p>{@code moto_server} comes from a project-local virtualenv ({@code .venv-test} at the repository
 * root), created and filled from {@code requirements-test.txt} the first time it is missing; a
 * file lock keeps two test JVMs from installing at once.
 */
public final class MotoServer implements AutoCloseable {

    /** Clients in tests use these; moto accepts any credentials. */
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    public static final Region REGION = Region.US_EAST_1;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path logFile;

    private MotoServer(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts a server with the given extra environment (e.g. {@code MOTO_ECS_SERVICE_RUNNING}). */
    public static MotoServer start(Map<String, String> environment) {
        Path executable = installIfMissing();
        int port = freePort();
        try {
            Path logFile = Files.createTempFile("moto-" + port + "-", ".log");
            List<String> command = new ArrayList<>(List.of(executable.toString(), "-H", "127.0.0.1", "-p",
                    Integer.toString(port)));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            MotoServer server = new MotoServer(process, port, logFile);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto_server", e);
        }
    }

    /** The emulator's endpoint, for {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Forgets every resource the emulator holds, so tests do not see each other's. */
    public void reset() {
        post("/moto-api/reset");
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                if (connection.getResponseCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + START_TIMEOUT + ": " + log());
    }

    private void post(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.getOutputStream().close();
            int status = connection.getResponseCode();
            if (status >= 300) {
                throw new IllegalStateException("moto " + path + " answered " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The {@code moto_server} program the tests run (for tests that start it their own way). */
    public static Path executable() {
        return installIfMissing();
    }

    /** The {@code moto_server} of the project's test virtualenv, installing it first when needed. */
    static Path installIfMissing() {
        String override = System.getenv("MOTO_SERVER");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path root = ProjectFiles.root();
        Path venv = root.resolve(".venv-test");
        Path executable = venv.resolve("bin/moto_server");
        if (Files.isExecutable(executable)) {
            return executable;
        }
        try {
            Files.createDirectories(root.resolve("target"));
            try (FileChannel lockFile = FileChannel.open(root.resolve("target/.venv-test.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                if (!Files.isExecutable(executable)) {
                    run(root, "python3", "-m", "venv", venv.toString());
                    run(root, venv.resolve("bin/pip").toString(), "install", "--quiet", "--disable-pip-version-check",
                            "-r", root.resolve("requirements-test.txt").toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install moto into " + venv, e);
        }
        return executable;
    }

    private static void run(Path dir, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        try {
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
