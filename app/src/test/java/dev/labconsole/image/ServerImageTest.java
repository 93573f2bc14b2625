package dev.labconsole.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.cli.LabConsoleCommand;
import dev.labconsole.testing.CountingProxy;
import dev.labconsole.testing.DebianBaseImage;
import dev.labconsole.testing.LocalRegistry;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.Podman;
import dev.labconsole.testing.ProjectFiles;
import dev.labconsole.testing.RegistryExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The server image end to end with real parts: built by Jib on a Debian JRE base (no hub), pushed to a
 * real registry through a proxy that counts what the registry received, pulled and run by podman, serving
 * the model it downloads from S3 (moto). One class, so the registry, the base image and Jib's layer cache
 * are set up once; the tests run in order and build on each other.
 */
@ExtendWith({MotoExtension.class, RegistryExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerImageTest {

    private static final String BUCKET = "image-test-models";
    private static final List<String> OUR_LAYERS =
            List.of(ServerImage.LIBRARIES, ServerImage.NATIVES, ServerImage.APPLICATION, ServerImage.CONFIG);

    private static Path home;
    private static CountingProxy proxy;
    private static String base;
    private static BuiltImage first;
    private static long firstPushBytes;
    private static final List<String> pulled = new ArrayList<>();

    @BeforeAll
    static void setUp(LocalRegistry registry) throws IOException {
        DebianBaseImage.assumeAvailable();
        proxy = CountingProxy.to(registry.port());
        // The base goes through the proxy too: one registry name, so Jib mounts its layers instead of sending them.
        base = DebianBaseImage.pushTo(proxy.address());
        // Kept across runs in target/: unpacked natives and Jib's compressed layers make later runs quicker.
        home = Path.of("target", "image-test-home").toAbsolutePath();
        Files.createDirectories(home);
    }

    @AfterAll
    static void tearDown() throws IOException {
        for (String image : pulled) {
            Podman.run(Duration.ofMinutes(1), "rmi", "--force", image);
        }
        if (proxy != null) {
            proxy.close();
        }
        if (home != null) {
            // What each run makes anew; the work folder (image-build) stays for the next run.
            try (Stream<Path> made = Files.list(home)) {
                for (Path path : made.filter(path -> !path.getFileName().toString().equals("image-build")).toList()) {
                    try (Stream<Path> walk = Files.walk(path)) {
                        walk.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                    }
                }
            }
        }
    }

    private static Path workDir() {
        return home.resolve("image-build");
    }

    private static BuiltImage push(ServerImage image, String reference) {
        proxy.reset();
        List<String> notes = new ArrayList<>();
        BuiltImage built = image.build(new ImageRequest(base, null, new ImageDestination.Registry(reference, null)),
                new ImageProgress() {
                    @Override
                    public void layer(String layer, long doneBytes, long totalBytes) {
                    }

                    @Override
                    public void note(String message) {
                        notes.add(message);
                    }
                }, () -> false);
        assertThat(notes).isNotEmpty();
        return built;
    }

    private static Map<String, ImageLayer> ours(BuiltImage image) {
        return image.layers().stream().filter(layer -> OUR_LAYERS.contains(layer.name()))
                .collect(Collectors.toMap(ImageLayer::name, Function.identity()));
    }

    @Test
    @Order(1)
    void pushesTheServerImageSendingOnlyItsOwnLayers() {
        first = push(ServerImage.fromClassPath(workDir()), proxy.address() + "/server:1");
        firstPushBytes = proxy.bytesReceived();

        assertThat(first.digest()).startsWith("sha256:");
        assertThat(first.layers().stream().map(ImageLayer::name).filter(OUR_LAYERS::contains)).containsExactlyElementsOf(OUR_LAYERS);
        Map<String, ImageLayer> ours = ours(first);
        assertThat(ours.values()).allMatch(ImageLayer::uploaded);
        // What the registry received: every layer of ours and the image's configuration, and no base layer
        // (mounted from the base's repository in the same registry).
        Set<String> received = Set.copyOf(proxy.uploadedBlobs());
        assertThat(received).containsAll(ours.values().stream().map(ImageLayer::digest).toList()).hasSize(OUR_LAYERS.size() + 1);
        assertThat(first.layers()).filteredOn(layer -> layer.name().equals(ServerImage.BASE))
                .isNotEmpty().noneMatch(ImageLayer::uploaded).noneMatch(layer -> received.contains(layer.digest()))
                .allMatch(layer -> layer.compressedBytes() > 1_000_000);
        // The self-reported figure agrees with the wire: layer bytes plus request headers and the manifest.
        assertThat(first.bytesUploaded()).isBetween((long) (firstPushBytes * 0.95), firstPushBytes);
        // Other platforms' natives and the 448 MB native jar stay out: the libraries are well under 100 MB.
        assertThat(ours.get(ServerImage.LIBRARIES).compressedBytes()).isLessThan(100_000_000L);
        assertThat(ours.get(ServerImage.APPLICATION).compressedBytes()).isLessThan(2_000_000L);
    }

    @Test
    @Order(2)
    void theImageRunsAsNonRootAndServesTheModelItDownloadsFromS3(MotoServer moto) throws Exception {
        try (S3Client s3 = S3Client.builder().endpointOverride(moto.endpoint()).forcePathStyle(true)
                .region(MotoServer.REGION).credentialsProvider(MotoServer.CREDENTIALS).build();
                Stream<Path> files = Files.list(ProjectFiles.bundledModel())) {
            s3.createBucket(b -> b.bucket(BUCKET));
            for (Path file : files.toList()) {
                s3.putObject(b -> b.bucket(BUCKET).key("models/sentiment/" + file.getFileName()), RequestBody.fromFile(file));
            }
        }
        String image = first.digestReference();
        pulled.add(image);
        int port = freePort();
        String name = "labconsole-image-test-" + port;
        Podman.run(Duration.ofMinutes(10), "run", "-d", "--name", name, "--network=host", "--tls-verify=false",
                "-e", "MODEL_URI=s3://" + BUCKET + "/models/sentiment/",
                "-e", "AWS_ENDPOINT_URL=" + moto.endpoint(),
                "-e", "AWS_ACCESS_KEY_ID=testing", "-e", "AWS_SECRET_ACCESS_KEY=testing", "-e", "AWS_REGION=us-east-1",
                "-e", "PORT=" + port, image).orFail("podman run");
        try {
            awaitHealthy(port, name, Duration.ofSeconds(120));
            HttpURLConnection predict = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/predict").toURL().openConnection();
            predict.setRequestMethod("POST");
            predict.setDoOutput(true);
            predict.setRequestProperty("Content-Type", "application/json");
            predict.getOutputStream().write("{\"text\": \"a warm, funny and beautifully acted film; I loved it\"}"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(predict.getResponseCode()).isEqualTo(200);
            try (InputStream in = predict.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"label\":\"positive\"");
            }

            assertThat(Podman.run(Duration.ofSeconds(30), "exec", name, "id", "-u").orFail("podman exec").out().strip())
                    .isEqualTo("1000");
            String config = Podman.run(Duration.ofSeconds(30), "image", "inspect", "--format",
                    "{{.Architecture}} {{.Os}} {{.Config.User}} {{index .Config.Labels \"org.opencontainers.image.version\"}}",
                    image).orFail("podman image inspect").out().strip();
            assertThat(config).isEqualTo("amd64 linux " + ServerImage.USER + " " + ServerImage.version());

            // DJL's cache in the image is read-only for the server's user: the model loaded with the natives
            // shipped unpacked, since DJL could not have unpacked any there at start.
            assertThat(Podman.run(Duration.ofSeconds(30), "exec", name, "sh", "-c",
                    "test -w " + ServerImage.DJL_CACHE + "/pytorch && echo writable || echo read-only").out().strip())
                    .isEqualTo("read-only");
            assertThat(Podman.run(Duration.ofSeconds(30), "exec", name, "sh", "-c", "test -w $HOME && echo writable")
                    .out().strip()).isEqualTo("writable");

            Podman.run(Duration.ofSeconds(60), "stop", "--time", "30", name).orFail("podman stop");
            String logs = Podman.run(Duration.ofSeconds(30), "logs", name).orFail("podman logs").out()
                    + Podman.run(Duration.ofSeconds(30), "logs", name).err();
            List<String> lines = logs.lines().filter(line -> !line.isBlank()).toList();
            // One line per event, each with its time and level: what awslogs ships as one CloudWatch event.
            assertThat(lines).isNotEmpty().allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ (INFO|WARN|ERROR|DEBUG) .*"));
            assertThat(logs).contains("model server starting", "listening on", "ready in", "stopping: finishing",
                    "stopped");
        } finally {
            Podman.run(Duration.ofSeconds(60), "rm", "--force", name);
        }
    }

    @Test
    @Order(3)
    void aSecondPushOfTheSameBuildSendsNoLayer() throws IOException {
        // From a fresh work folder (natives unpacked again, new file times, Jib's caches empty): the layers are
        // reproducible, so the digests are the same and the registry has them all.
        BuiltImage second = push(ServerImage.fromClassPath(Files.createTempDirectory(home, "fresh")), proxy.address() + "/server:1");

        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(proxy.uploadedBlobs()).isEmpty();
        assertThat(proxy.requests()).noneMatch(request -> request.startsWith("PATCH "));
        // Only existence checks and the manifest went over the wire.
        assertThat(proxy.bytesReceived()).isLessThan(64 * 1024);
        assertThat(second.bytesUploaded()).isZero();
        assertThat(second.layers()).noneMatch(ImageLayer::uploaded);
    }

    @Test
    @Order(4)
    void aCodeOnlyChangeSendsOnlyTheApplicationLayer() throws IOException {
        ServerFiles real = ServerFiles.fromClassPath();
        Path changed = withExtraEntry(real.serverCode(), home.resolve("changed"));
        ServerImage image = new ServerImage(() -> new ServerFiles(changed, real.libraries(), real.pytorchNatives()), workDir());

        BuiltImage third = push(image, proxy.address() + "/server:2");

        Map<String, ImageLayer> before = ours(first);
        Map<String, ImageLayer> after = ours(third);
        assertThat(after.get(ServerImage.APPLICATION).digest()).isNotEqualTo(before.get(ServerImage.APPLICATION).digest());
        for (String unchanged : List.of(ServerImage.LIBRARIES, ServerImage.NATIVES, ServerImage.CONFIG)) {
            assertThat(after.get(unchanged).digest()).as(unchanged).isEqualTo(before.get(unchanged).digest());
            assertThat(after.get(unchanged).uploaded()).as(unchanged).isFalse();
        }
        // The registry received the application layer and the new image configuration, nothing else.
        List<String> received = proxy.uploadedBlobs();
        assertThat(received).hasSize(2).contains(after.get(ServerImage.APPLICATION).digest());
        assertThat(proxy.bytesReceived()).isLessThan(firstPushBytes / 20);
    }

    @Test
    @Order(5)
    void imagePushWritesAnArchivePodmanLoads() throws IOException {
        Path tar = home.resolve("server-image.tar");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LabConsoleCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "image", "push",
                "--base", base, "--to", "labconsole-test/server:archive", "--tar", tar.toString(), "--home", home.toString());

        assertThat(code).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("image (\\S+/)?labconsole-test/server:archive digest sha256:[0-9a-f]{64}");
        // The base's layers are in it: a complete image, not a reference to one.
        assertThat(Files.size(tar)).as(out.toString()).isGreaterThan(first.layers().stream()
                .mapToLong(ImageLayer::compressedBytes).sum() * 9 / 10);
        Podman.Result load = Podman.run(Duration.ofMinutes(5), "load", "-i", tar.toString()).orFail("podman load");
        pulled.add("localhost/labconsole-test/server:archive");
        assertThat(load.out() + load.err()).contains("labconsole-test/server:archive");
        assertThat(Podman.run(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Config.User}} {{.Architecture}}",
                "labconsole-test/server:archive").orFail("podman image inspect").out().strip())
                .isEqualTo(ServerImage.USER + " amd64");
    }

    /** A copy of the runtime's jar (or a jar of its classes folder) with one entry more: a code-only change. */
    private static Path withExtraEntry(Path serverCode, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path jar = folder.resolve("inference-runtime-changed.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            if (Files.isDirectory(serverCode)) {
                try (Stream<Path> walk = Files.walk(serverCode)) {
                    for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new ZipEntry(serverCode.relativize(file).toString().replace('\\', '/')));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
            } else {
                try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(serverCode.toFile())) {
                    for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                        out.putNextEntry(new ZipEntry(entry.getName()));
                        try (InputStream in = zip.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
            }
            out.putNextEntry(new ZipEntry("dev/labconsole/runtime/changed.txt"));
            out.write("a code-only change\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    @Order(6)
    void imagePushToTheLabsRepositoryInPracticeModeGoesToTheLocalRegistryAndRecordsTheDigest(MotoServer moto)
            throws IOException {
        String lab = "image-cli-lab";
        try (dev.labconsole.aws.AwsClients aws = dev.labconsole.aws.AwsClients.create(
                new dev.labconsole.aws.AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            aws.ecr().createRepository(r -> r.repositoryName(lab));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LabConsoleCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "image", "push",
                "--lab", lab, "--base", base, "--endpoint", moto.endpoint().toString(), "--region", "us-east-1",
                "--registry", proxy.address(), "--home", home.toString());

        assertThat(code).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("image " + java.util.regex.Pattern.quote(proxy.address()) + "/" + lab
                + ":latest digest sha256:[0-9a-f]{64}");
        String digest = lines[lines.length - 1].substring(lines[lines.length - 1].lastIndexOf(' ') + 1);
        assertThat(err.toString()).as("the engine says where the image went").contains("stands in for ECR");
        // The state records the image by digest under the repository's ECR address: the next apply deploys it.
        String state = Files.readString(home.resolve("labs").resolve(lab + ".json"));
        assertThat(state).contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/" + lab + "@" + digest);
    }

    private static void awaitHealthy(int port, String container, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection health = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL()
                        .openConnection();
                health.setConnectTimeout(500);
                health.setReadTimeout(2000);
                last = health.getResponseCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        Podman.Result logs = Podman.run(Duration.ofSeconds(30), "logs", container);
        throw new AssertionError("the container did not turn healthy in " + timeout + " (last /health " + last + "): "
                + logs.out() + logs.err());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
