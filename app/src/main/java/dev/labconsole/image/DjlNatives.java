package dev.labconsole.image;

import dev.labconsole.runtime.model.NativePlatform;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * DJL's native libraries for linux-x86_64, unpacked beforehand in the exact layout of DJL's cache, so
 * the container finds them in {@code DJL_CACHE_DIR} and unpacks nothing (about 450 MB) when it starts.
 *
 * <p>The names follow DJL 0.35.1's {@code ai.djl.pytorch.jni.LibUtils} and the tokenizers' {@code LibUtils}:
 * {@code pytorch/<version>-<flavor>-<classifier>/} holds the libraries {@code native/lib/pytorch.properties}
 * lists and {@code <djl version>-libdjl_torch.so}; {@code tokenizers/<version>-<flavor>-<classifier>/libtokenizers.so}.
 * PyTorch's version string ({@code 2.7.1-20250812}) comes from that properties file, which DJL reads from
 * the class path: without the 448 MB native jar it would fall back to the engine's plain {@code 2.7.1}
 * and look in another folder, so the file is also shipped on its own ({@link #classPathFolder}).
 *
 * @param cacheFolder the folder to ship as {@code DJL_CACHE_DIR}
 * @param classPathFolder a class-path folder holding {@code native/lib/pytorch.properties}
 */
record DjlNatives(Path cacheFolder, Path classPathFolder) {

    /** The server image's platform, linux/amd64, whatever platform builds it. */
    static final String CLASSIFIER = NativePlatform.LINUX_X86_64.classifier();
    static final String FLAVOR = "cpu";
    private static final String PYTORCH_PROPERTIES = "native/lib/pytorch.properties";
    private static final String TORCH_JNI = "jnilib/" + CLASSIFIER + "/" + FLAVOR + "/libdjl_torch.so";
    private static final String TOKENIZERS_PROPERTIES = "native/lib/tokenizers.properties";
    private static final String TOKENIZERS_LIB = "native/lib/" + CLASSIFIER + "/" + FLAVOR + "/libtokenizers.so";

    /** Entries of the library jars the natives layer already holds: left out of the library layer. */
    static boolean unpackedHere(String jarEntry) {
        return TORCH_JNI.equals(jarEntry) || TOKENIZERS_LIB.equals(jarEntry);
    }

    /**
     * Unpacks into {@code workDir} (once per set of jars: the folder is named after them and reused, with
     * the same file times, so Jib's layer cache finds its compressed layer again).
     */
    static DjlNatives unpack(ServerFiles files, Path workDir) throws IOException {
        Path nativeJar = files.pytorchNatives();
        Path jniJar = required(files, "pytorch-jni-");
        Path engineJar = required(files, "pytorch-engine-");
        Path tokenizersJar = required(files, "tokenizers-");
        String key = stripJar(nativeJar) + "+" + stripJar(jniJar) + "+" + stripJar(tokenizersJar);
        Path root = workDir.resolve(key);
        if (Files.isDirectory(root)) {
            return new DjlNatives(root.resolve("djl-cache"), root.resolve("classpath"));
        }
        Files.createDirectories(workDir);
        Path staging = workDir.resolve(".staging-" + UUID.randomUUID());
        try {
            String djlVersion = properties(engineJar, "pytorch-engine.properties").getProperty("djl_version");
            try (ZipFile natives = new ZipFile(nativeJar.toFile())) {
                byte[] propertiesBytes = bytes(natives, PYTORCH_PROPERTIES);
                Properties pytorch = parse(propertiesBytes);
                String version = pytorch.getProperty("version");
                String flavor = pytorch.getProperty("flavor", FLAVOR);
                String classifier = pytorch.getProperty("classifier", CLASSIFIER);
                if (version == null || djlVersion == null || !CLASSIFIER.equals(classifier)) {
                    throw new IOException(nativeJar.getFileName() + " is not DJL's " + CLASSIFIER + " PyTorch native jar");
                }
                Path torchDir = staging.resolve("djl-cache/pytorch").resolve(version + "-" + flavor + "-" + classifier);
                Files.createDirectories(torchDir);
                for (String library : pytorch.getProperty("libraries", "").split(",")) {
                    if (!library.isBlank()) {
                        copy(natives, "pytorch/" + flavor + "/" + classifier + "/" + library.trim(),
                                torchDir.resolve(library.trim()));
                    }
                }
                try (ZipFile jni = new ZipFile(jniJar.toFile())) {
                    copy(jni, TORCH_JNI, torchDir.resolve(djlVersion + "-libdjl_torch.so"));
                }
                Path propertiesFile = staging.resolve("classpath").resolve(PYTORCH_PROPERTIES);
                Files.createDirectories(propertiesFile.getParent());
                Files.write(propertiesFile, propertiesBytes);
            }
            String tokenizersVersion = properties(tokenizersJar, TOKENIZERS_PROPERTIES).getProperty("version");
            Path tokenizersDir = staging.resolve("djl-cache/tokenizers")
                    .resolve(tokenizersVersion + "-" + FLAVOR + "-" + CLASSIFIER);
            Files.createDirectories(tokenizersDir);
            try (ZipFile tokenizers = new ZipFile(tokenizersJar.toFile())) {
                copy(tokenizers, TOKENIZERS_LIB, tokenizersDir.resolve("libtokenizers.so"));
            }
            Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            if (Files.isDirectory(root)) {
                // Another build unpacked the same jars at the same time.
                return new DjlNatives(root.resolve("djl-cache"), root.resolve("classpath"));
            }
            throw e;
        }
        return new DjlNatives(root.resolve("djl-cache"), root.resolve("classpath"));
    }

    private static Path required(ServerFiles files, String prefix) {
        return files.library(prefix).orElseThrow(() -> new ImageException(ImageException.Kind.FAILED,
                "the server's " + prefix + "*.jar is not among its libraries; rebuild with ./mvnw -B package", null));
    }

    private static String stripJar(Path jar) {
        String name = jar.getFileName().toString();
        return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
    }

    private static Properties properties(Path jar, String entry) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return parse(bytes(zip, entry));
        }
    }

    private static Properties parse(byte[] bytes) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)));
        return properties;
    }

    private static byte[] bytes(ZipFile zip, String entry) throws IOException {
        ZipEntry found = zip.getEntry(entry);
        if (found == null) {
            throw new IOException(Path.of(zip.getName()).getFileName() + " has no " + entry);
        }
        try (InputStream in = zip.getInputStream(found)) {
            return in.readAllBytes();
        }
    }

    private static void copy(ZipFile zip, String entry, Path target) throws IOException {
        ZipEntry found = zip.getEntry(entry);
        if (found == null) {
            throw new IOException(Path.of(zip.getName()).getFileName() + " has no " + entry);
        }
        try (InputStream in = zip.getInputStream(found)) {
            Files.copy(in, target);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    // Left behind in the work folder; the next build uses a fresh staging name.
                }
            });
        } catch (IOException e) {
            // As above.
        }
    }
}
