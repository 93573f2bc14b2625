package dev.labconsole.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real OCI registry on a loopback port for a test class: Debian's {@code docker-registry} (the CNCF
 * distribution registry) started the way practice mode starts it
 * ({@link dev.labconsole.ui.connect.LocalRegistry}), storing into a temporary folder deleted after.
 * Jib and podman reach it over plain HTTP.
 */
public final class LocalRegistry implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/bin/docker-registry");

    private final dev.labconsole.ui.connect.LocalRegistry registry;
    private final Path storage;

    private LocalRegistry(dev.labconsole.ui.connect.LocalRegistry registry, Path storage) {
        this.registry = registry;
        this.storage = storage;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    static LocalRegistry start() throws IOException {
        Path storage = Files.createTempDirectory("labconsole-registry");
        return new LocalRegistry(dev.labconsole.ui.connect.LocalRegistry.start(EXECUTABLE, 0, storage.resolve("data"),
                Duration.ofSeconds(30)), storage);
    }

    /** {@code 127.0.0.1:<port>}, the registry part of image references. */
    public String address() {
        return registry.hostPort();
    }

    public int port() {
        return Integer.parseInt(address().substring(address().lastIndexOf(':') + 1));
    }

    /**
     * The registry at {@code hostPort}'s answer for {@code repository}'s manifest {@code reference} (a tag or a
     * digest): 200 with the manifest, 404 when the registry has none by that name.
     */
    public static HttpResponse<String> manifest(String hostPort, String repository, String reference)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/v2/"
                        + repository + "/manifests/" + reference))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        registry.close();
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
