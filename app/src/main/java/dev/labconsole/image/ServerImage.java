package dev.labconsole.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.cache.Cache;
import com.google.cloud.tools.jib.cache.CachedLayer;
import com.google.common.collect.ImmutableList;
import dev.labconsole.runtime.model.DjlSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the model server's image from the jars this process runs from, with Jib's library: no Docker
 * daemon, no Dockerfile. Always linux/amd64 (Fargate X86_64), whatever this machine is.
 *
 * <p>Four layers on the base image, from the slowest to change to the fastest, each reproducible (fixed
 * file times, sorted entries, epoch creation time: the same jars give the same digests, and a registry
 * that has a layer is not sent it again):
 * <ol>
 *   <li>{@value #LIBRARIES}: the server's third-party jars, without other platforms' native libraries;</li>
 *   <li>{@value #NATIVES}: DJL's PyTorch and tokenizers libraries unpacked in DJL's cache layout;</li>
 *   <li>{@value #APPLICATION}: the inference runtime's jar, without the bundled model (the container
 *       downloads {@code MODEL_URI} from S3; 16 MB less to push on every code change);</li>
 *   <li>{@value #CONFIG}: the logging configuration and the non-root user's writable home.</li>
 * </ol>
 */
public final class ServerImage {

    private static final Logger LOG = LoggerFactory.getLogger(ServerImage.class);

    /** ECR Public's mirror of the official Temurin image: no anonymous pull limits for a classroom. */
    public static final String DEFAULT_BASE = "public.ecr.aws/docker/library/eclipse-temurin:17-jre";

    /** The port the server listens on unless {@code PORT} says otherwise; the lab's container port. */
    public static final int PORT = 8000;
    /** Numeric, because the base image has no such user: nothing in the container runs as root. */
    public static final String USER = "1000:1000";
    static final String HOME = "/home/labconsole";
    static final String DJL_CACHE = "/opt/djl-cache";
    static final String SERVER_MAIN = "dev.labconsole.runtime.server.ServerMain";

    static final String LIBRARIES = "libraries";
    static final String NATIVES = "pytorch native libraries";
    static final String APPLICATION = "application";
    static final String CONFIG = "config";
    static final String BASE = "base";
    static final String CONTAINER_CONFIG = "container configuration";

    private static final String LIBS_DIR = "/app/libs";
    private static final String SERVER_JAR = "/app/server/inference-runtime.jar";
    private static final String NATIVES_CLASSPATH = "/app/djl";
    private static final String LOGBACK = "/app/config/logback.xml";
    private static final String LOGBACK_RESOURCE = "dev/labconsole/runtime/server/logback-server.xml";
    private static final String BUNDLED_MODEL = "labconsole/models/";
    private static final FilePermissions READ_ONLY = FilePermissions.fromOctalString("644");
    private static final FilePermissions FOLDER = FilePermissions.fromOctalString("755");
    private static final Instant FILE_TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
    private static final Platform AMD64 = new Platform("amd64", "linux");
    /** A path segment naming a platform (DJL, ONNX Runtime and JNA name their native folders this way). */
    private static final Pattern PLATFORM_FOLDER =
            Pattern.compile("(linux|darwin|osx|macos|mac|win|win32|windows|freebsd|openbsd|sunos|aix)-[a-z0-9_-]+");
    private static final Pattern OUR_PLATFORM = Pattern.compile("linux-(x86_64|x86-64|x64|amd64)");
    private static final Pattern CUDA_FOLDER = Pattern.compile("cu\\d+");
    private static final Pattern NATIVE_FILE = Pattern.compile(".*(\\.so(\\.\\d+)*|\\.dylib|\\.dll|\\.jnilib|\\.pdb)$");

    private final Supplier<ServerFiles> files;
    private final Path workDir;

    ServerImage(Supplier<ServerFiles> files, Path workDir) {
        this.files = files;
        this.workDir = workDir;
    }

    /**
     * The image from the jars of this process's class path; slimmed jars, unpacked natives and Jib's
     * layer caches are kept in {@code ~/.labconsole/image-build} ({@code LABCONSOLE_HOME} moves it).
     */
    public static ServerImage fromClassPath() {
        return fromClassPath(DjlSettings.labConsoleHome().resolve("image-build"));
    }

    /** As {@link #fromClassPath()}, keeping its work files in {@code workDir}. */
    public static ServerImage fromClassPath(Path workDir) {
        return new ServerImage(ServerFiles::fromClassPath, workDir);
    }

    /**
     * Checks what {@link #build} would be given, without any network call: image references that parse,
     * an archive's folder that exists and can be written.
     *
     * @throws ImageException of kind {@code BAD_INPUT}, saying what to change
     */
    public static void validate(ImageRequest request) {
        parse(request.baseImage(), "the base image", "--base");
        ImageDestination destination = request.destination();
        parse(destination.reference(), "the image name", "--to");
        if (destination instanceof ImageDestination.Archive archive) {
            Path file = archive.file().toAbsolutePath();
            Path folder = file.getParent();
            if (Files.isDirectory(file)) {
                throw badInput(file + " is a folder; give a file name such as server-image.tar");
            }
            if (folder == null || !Files.isDirectory(folder)) {
                throw badInput("cannot write " + file + ": the folder " + folder + " does not exist; create it or choose another --tar");
            }
            if (!Files.isWritable(folder)) {
                throw badInput("cannot write " + file + ": the folder " + folder + " is not writable; choose another --tar");
            }
        }
    }

    /**
     * Builds and pushes (or writes) the image; blocks. {@code cancelled} is checked between stages and
     * while Jib works; a cancelled build stops its transfers and throws an {@link ImageException} of kind
     * {@code CANCELLED}. A push that failed halfway can simply run again: blobs the registry has are skipped.
     */
    public BuiltImage build(ImageRequest request, ImageProgress progress, BooleanSupplier cancelled) {
        validate(request);
        ImageReference base = parse(request.baseImage(), "the base image", "--base");
        ImageReference target = parse(request.destination().reference(), "the image name", "--to");
        try {
            progress.note("collecting the server's files");
            ServerFiles serverFiles = files.get();
            checkCancelled(cancelled);
            progress.note("unpacking DJL's linux-x86_64 native libraries (once per version)");
            DjlNatives natives = DjlNatives.unpack(serverFiles, workDir.resolve("natives"));
            checkCancelled(cancelled);
            progress.note("preparing the layers");
            List<FileEntriesLayer> layers = layers(serverFiles, natives);
            checkCancelled(cancelled);
            return containerize(request, base, target, layers, progress, cancelled);
        } catch (IOException e) {
            throw failure(e, base, target);
        }
    }

    private List<FileEntriesLayer> layers(ServerFiles serverFiles, DjlNatives natives) throws IOException {
        FileEntriesLayer.Builder libraries = FileEntriesLayer.builder().setName(LIBRARIES);
        for (Path jar : serverFiles.libraries()) {
            Path shipped = hasAny(jar, ServerImage::notForTheImage) ? SlimJar.of(jar, ServerImage::notForTheImage,
                    workDir.resolve("slim")) : jar;
            libraries.addEntry(shipped, AbsoluteUnixPath.get(LIBS_DIR + "/" + jar.getFileName()), READ_ONLY, FILE_TIME);
        }

        FileEntriesLayer.Builder nativeLayer = FileEntriesLayer.builder().setName(NATIVES);
        addTree(nativeLayer, natives.cacheFolder(), DJL_CACHE);
        addTree(nativeLayer, natives.classPathFolder(), NATIVES_CLASSPATH);

        Path code = serverFiles.serverCode();
        Predicate<String> withoutModel = name -> name.startsWith(BUNDLED_MODEL);
        Path serverJar = Files.isDirectory(code)
                ? SlimJar.ofFolder(code, "inference-runtime.jar", withoutModel, workDir.resolve("server"))
                : SlimJar.of(code, withoutModel, workDir.resolve("slim"));
        FileEntriesLayer application = FileEntriesLayer.builder().setName(APPLICATION)
                .addEntry(serverJar, AbsoluteUnixPath.get(SERVER_JAR), READ_ONLY, FILE_TIME).build();

        Path configDir = workDir.resolve("config");
        Path home = configDir.resolve("home");
        Files.createDirectories(home);
        Path logback = writeIfChanged(configDir.resolve("logback.xml"), resource(LOGBACK_RESOURCE));
        FileEntriesLayer config = FileEntriesLayer.builder().setName(CONFIG)
                .addEntry(logback, AbsoluteUnixPath.get(LOGBACK), READ_ONLY, FILE_TIME)
                .addEntry(home, AbsoluteUnixPath.get(HOME), FOLDER, FILE_TIME, USER)
                .build();
        return List.of(libraries.build(), nativeLayer.build(), application, config);
    }

    /** Native libraries for another platform or a GPU, and those the natives layer holds unpacked. */
    static boolean notForTheImage(String jarEntry) {
        if (DjlNatives.unpackedHere(jarEntry)) {
            return true;
        }
        boolean nativeFile = NATIVE_FILE.matcher(jarEntry).matches() || jarEntry.contains(".dSYM/");
        if (!nativeFile) {
            return false;
        }
        for (String segment : jarEntry.split("/")) {
            if (CUDA_FOLDER.matcher(segment).matches()
                    || (PLATFORM_FOLDER.matcher(segment).matches() && !OUR_PLATFORM.matcher(segment).matches())) {
                return true;
            }
        }
        return false;
    }

    private BuiltImage containerize(ImageRequest request, ImageReference base, ImageReference target,
            List<FileEntriesLayer> layers, ImageProgress progress, BooleanSupplier cancelled) throws IOException {
        Path applicationCache = workDir.resolve("jib-layers");
        Map<String, String> names = new ConcurrentHashMap<>();
        LayerNames layerNames = new LayerNames(layers, applicationCache, names);
        JibEvents events = new JibEvents(progress, layerNames::name);
        layerNames.events = events;

        RegistryImage baseImage = RegistryImage.named(base);
        if (request.baseCredentials() != null) {
            baseImage.addCredential(request.baseCredentials().username(), request.baseCredentials().password());
        }
        JibContainerBuilder builder = Jib.from(baseImage)
                .setPlatforms(Set.of(AMD64))
                .setFileEntriesLayers(layers)
                .setEntrypoint(entrypoint())
                .setEnvironment(Map.of("DJL_CACHE_DIR", DJL_CACHE, "PORT", String.valueOf(PORT), "HOME", HOME))
                .setExposedPorts(Port.tcp(PORT))
                .setUser(USER)
                .setWorkingDirectory(AbsoluteUnixPath.get(HOME))
                .setLabels(labels())
                .setCreationTime(Instant.EPOCH)
                .setFormat(ImageFormat.Docker);

        Containerizer containerizer;
        String where;
        if (request.destination() instanceof ImageDestination.Registry registry) {
            RegistryImage targetImage = RegistryImage.named(target);
            if (registry.credentials() != null) {
                targetImage.addCredential(registry.credentials().username(), registry.credentials().password());
            }
            containerizer = Containerizer.to(targetImage);
            where = "pushing to " + target.toStringWithQualifier();
        } else {
            ImageDestination.Archive archive = (ImageDestination.Archive) request.destination();
            containerizer = Containerizer.to(TarImage.at(archive.file().toAbsolutePath()).named(target));
            where = "writing " + archive.file();
        }
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "image-build");
            thread.setDaemon(true);
            return thread;
        });
        containerizer.setExecutorService(executor)
                .setAllowInsecureRegistries(isLoopback(base.getRegistry())
                        && (request.destination() instanceof ImageDestination.Archive || isLoopback(target.getRegistry())))
                .setBaseImageLayersCache(workDir.resolve("jib-base-layers"))
                .setApplicationLayersCache(applicationCache)
                .setToolName("labconsole")
                .setToolVersion(version())
                .addEventHandler(JibEvent.class, events);

        progress.note("pulling the base image " + base + " and " + where);
        Future<JibContainer> running = executor.submit(() -> builder.containerize(containerizer));
        try {
            JibContainer container = await(running, cancelled);
            return result(request, target, container, layers, layerNames, events);
        } catch (ExecutionException e) {
            throw failure(e.getCause() != null ? e.getCause() : e, base, target);
        } finally {
            stop(executor);
        }
    }

    /** How long a cancelled build waits for Jib's transfers to end before it returns anyway. */
    private static final Duration TRANSFERS_END_WITHIN = Duration.ofSeconds(2);

    /**
     * Interrupts Jib's threads and waits briefly until they end, so no upload of a cancelled build goes on
     * behind the next one. Interrupted, Jib's uploads end at once: ImagePushStopTest sees no byte reach the
     * registry a second after a stop.
     */
    private static void stop(ExecutorService executor) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(TRANSFERS_END_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("Jib's threads were still busy {} after the build ended", TRANSFERS_END_WITHIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JibContainer await(Future<JibContainer> running, BooleanSupplier cancelled) throws ExecutionException {
        while (true) {
            if (cancelled.getAsBoolean()) {
                running.cancel(true);
                throw new ImageException(ImageException.Kind.CANCELLED, "the image build was cancelled", null);
            }
            try {
                return running.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Look at the cancel flag again.
            } catch (InterruptedException e) {
                running.cancel(true);
                Thread.currentThread().interrupt();
                throw new ImageException(ImageException.Kind.CANCELLED, "the image build was interrupted", e);
            }
        }
    }

    private BuiltImage result(ImageRequest request, ImageReference target, JibContainer container,
            List<FileEntriesLayer> layers, LayerNames layerNames, JibEvents events) {
        List<ImageLayer> built = new ArrayList<>();
        events.baseLayers().forEach((digest, size) -> built.add(new ImageLayer(BASE, digest, size, events.uploaded(digest))));
        for (FileEntriesLayer layer : layers) {
            Optional<CachedLayer> cached = layerNames.cached(layer);
            if (cached.isPresent()) {
                String digest = cached.get().getDigest().toString();
                built.add(new ImageLayer(layer.getName(), digest, cached.get().getSize(), events.uploaded(digest)));
            }
        }
        long uploaded = request.destination() instanceof ImageDestination.Registry ? events.bytesUploaded() : 0;
        BuiltImage image = new BuiltImage(target.toStringWithQualifier(), container.getDigest().toString(), built, uploaded);
        LOG.debug("built {} ({}), {} bytes uploaded", image.reference(), image.digest(), uploaded);
        return image;
    }

    /** Names blobs by digest: this image's own layers from Jib's layer cache, the base's from Jib's events. */
    private static final class LayerNames {
        private final List<FileEntriesLayer> layers;
        private final Path cacheDir;
        private final Map<String, String> names;
        private final Map<String, CachedLayer> cachedByName = new ConcurrentHashMap<>();
        private JibEvents events;

        LayerNames(List<FileEntriesLayer> layers, Path cacheDir, Map<String, String> names) {
            this.layers = layers;
            this.cacheDir = cacheDir;
            this.names = names;
        }

        String name(String digest) {
            String known = names.get(digest);
            if (known != null) {
                return known;
            }
            for (FileEntriesLayer layer : layers) {
                cached(layer).ifPresent(cached -> names.put(cached.getDigest().toString(), layer.getName()));
            }
            if (events != null) {
                events.baseLayers().keySet().forEach(base -> names.putIfAbsent(base, BASE));
            }
            // Before Jib has cached the layer (or for the image's configuration blob) the name is not final.
            return names.getOrDefault(digest, CONTAINER_CONFIG);
        }

        Optional<CachedLayer> cached(FileEntriesLayer layer) {
            CachedLayer known = cachedByName.get(layer.getName());
            if (known != null) {
                return Optional.of(known);
            }
            try {
                Optional<CachedLayer> found = Cache.withDirectory(cacheDir).retrieve(ImmutableList.copyOf(layer.getEntries()));
                found.ifPresent(cached -> cachedByName.put(layer.getName(), cached));
                return found;
            } catch (IOException | CacheDirectoryCreationException | RuntimeException
                    | com.google.cloud.tools.jib.cache.CacheCorruptedException e) {
                return Optional.empty();
            }
        }
    }

    static List<String> entrypoint() {
        return List.of("java",
                "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dai.djl.offline=true",
                "-Duser.home=" + HOME,
                "-Dlogback.configurationFile=" + LOGBACK,
                "-cp", NATIVES_CLASSPATH + ":" + SERVER_JAR + ":" + LIBS_DIR + "/*",
                SERVER_MAIN);
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", "labconsole-model-server");
        labels.put("org.opencontainers.image.version", version());
        String source = versionProperties().getProperty("source", "");
        labels.put("org.opencontainers.image.source", source.isBlank() || source.startsWith("${") ? "unknown" : source);
        labels.put("org.opencontainers.image.description",
                "Lab Console's model server: GET /health, POST /predict, GET /metrics, GET /docs on port " + PORT
                        + "; the model comes from MODEL_URI (s3://bucket/prefix/)");
        return labels;
    }

    /** The console's version, as its build wrote it. */
    static String version() {
        return versionProperties().getProperty("version", "unknown");
    }

    private static Properties versionProperties() {
        Properties properties = new Properties();
        try (InputStream in = ServerImage.class.getResourceAsStream("/labconsole-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Labels then say "unknown".
        }
        return properties;
    }

    /** True for {@code localhost}, {@code 127.x.x.x} and {@code ::1}, with or without a port. */
    public static boolean isLoopback(String registry) {
        String host = registry;
        if (host.startsWith("[")) {
            host = host.substring(1, Math.max(1, host.indexOf(']')));
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.equals("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
    }

    static ImageReference parse(String reference, String what, String option) {
        if (reference == null || reference.isBlank()) {
            throw badInput(what + " is missing; give one with " + option);
        }
        try {
            return ImageReference.parse(reference.trim());
        } catch (InvalidImageReferenceException e) {
            throw badInput(option + " '" + reference + "' is not an image reference; write it as registry/repository:tag,"
                    + " e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/sentiment-app:latest");
        }
    }

    private static ImageException badInput(String message) {
        return new ImageException(ImageException.Kind.BAD_INPUT, message, null);
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new ImageException(ImageException.Kind.CANCELLED, "the image build was cancelled", null);
        }
    }

    static ImageException failure(Throwable error, ImageReference base, ImageReference target) {
        return ImageFailures.explain(error, base, target);
    }

    private static boolean hasAny(Path jar, Predicate<String> entries) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(entry -> entries.test(entry.getName()));
        }
    }

    private static void addTree(FileEntriesLayer.Builder layer, Path root, String containerRoot) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(path -> !path.equals(root)).sorted().toList();
        }
        for (Path path : paths) {
            String relative = root.relativize(path).toString().replace('\\', '/');
            layer.addEntry(path, AbsoluteUnixPath.get(containerRoot + "/" + relative),
                    Files.isDirectory(path) ? FOLDER : READ_ONLY, FILE_TIME);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ServerImage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the inference runtime on this class path has no " + name + "; rebuild with ./mvnw -B package");
            }
            return in.readAllBytes();
        }
    }

    /** Writes {@code bytes} unless the file holds them already: its time stays, and Jib's cache with it. */
    private static Path writeIfChanged(Path file, byte[] bytes) throws IOException {
        if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }
}
