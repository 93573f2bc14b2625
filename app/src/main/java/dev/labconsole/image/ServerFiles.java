package dev.labconsole.image;

import dev.labconsole.runtime.server.ServerMain;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files the server image is made of, found on this process's class path: the inference runtime's
 * own code, the runtime dependencies its build listed (by file name, in
 * {@code META-INF/labconsole/server-classpath.txt}), and the linux-x86_64 PyTorch native jar. Works
 * from the launcher's {@code app/target/lib}, and under Maven from {@code ~/.m2} and the reactor's
 * {@code target/classes}.
 *
 * @param serverCode the inference runtime's jar, or its classes folder
 * @param libraries its runtime dependencies, the native jar excepted, in the build's order
 * @param pytorchNatives the {@code pytorch-native-cpu-*-linux-x86_64.jar}
 */
record ServerFiles(Path serverCode, List<Path> libraries, Path pytorchNatives) {

    static final String CLASSPATH_LIST = "META-INF/labconsole/server-classpath.txt";
    static final String NATIVE_JAR_PREFIX = "pytorch-native-cpu-";
    static final String NATIVE_JAR_SUFFIX = "-" + DjlNatives.CLASSIFIER + ".jar";
    /** Where the app's build copies the native jar ({@code copy-image-natives}), beside its classes or jar. */
    static final String NATIVES_FOLDER = "image-natives";

    ServerFiles {
        libraries = List.copyOf(libraries);
    }

    static ServerFiles fromClassPath() {
        Path serverCode = codeLocation(ServerMain.class);
        List<String> wanted = listedLibraries();
        Map<String, Path> onClassPath = classPathJarsByName();
        Map<String, Path> byArtifact = new LinkedHashMap<>();
        onClassPath.forEach((name, jar) -> byArtifact.putIfAbsent(artifactOf(name), jar));
        List<Path> libraries = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Path natives = null;
        for (String name : wanted) {
            if (isPytorchNatives(name)) {
                natives = onClassPath.get(name);
                continue;
            }
            // The console's build may settle on another version of a shared library than the runtime's own
            // build did (Maven's nearest-wins): the version on this class path is the one the server is tested with.
            Path jar = onClassPath.getOrDefault(name, byArtifact.get(artifactOf(name)));
            if (jar == null) {
                missing.add(name);
            } else {
                libraries.add(jar);
            }
        }
        if (!missing.isEmpty()) {
            throw new ImageException(ImageException.Kind.FAILED, "the server's libraries " + missing
                    + " are not on this class path; rebuild with ./mvnw -B package (or run ./labconsole)", null);
        }
        if (natives == null) {
            natives = besideTheApp().orElseThrow(() -> new ImageException(ImageException.Kind.FAILED,
                    "the linux-x86_64 PyTorch native jar (" + NATIVE_JAR_PREFIX + "*" + NATIVE_JAR_SUFFIX
                            + ") is neither on the class path nor in app/target/" + NATIVES_FOLDER
                            + "; rebuild with ./mvnw -B package", null));
        }
        return new ServerFiles(serverCode, libraries, natives);
    }

    /** {@code jackson-core-2.20.1.jar} -> {@code jackson-core}: a jar's file name without its version. */
    static String artifactOf(String fileName) {
        return fileName.replaceFirst("-\\d[^/]*\\.jar$", "");
    }

    static boolean isPytorchNatives(String fileName) {
        return fileName.startsWith(NATIVE_JAR_PREFIX) && fileName.endsWith(NATIVE_JAR_SUFFIX);
    }

    /** A library by its file name's start ({@code "tokenizers-"}), if the server uses it. */
    Optional<Path> library(String fileNamePrefix) {
        return libraries.stream().filter(jar -> jar.getFileName().toString().startsWith(fileNamePrefix)).findFirst();
    }

    private static List<String> listedLibraries() {
        try (InputStream in = ServerMain.class.getClassLoader().getResourceAsStream(CLASSPATH_LIST)) {
            if (in == null) {
                throw new ImageException(ImageException.Kind.FAILED, "the inference runtime on this class path has no "
                        + CLASSPATH_LIST + " (built before the image work?); rebuild with ./mvnw -B package", null);
            }
            List<String> names = new ArrayList<>();
            // build-classpath joins "lib/<file>" entries with the build machine's path separator.
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("[:;\\r\\n]+")) {
                String trimmed = entry.trim();
                if (!trimmed.isEmpty()) {
                    names.add(trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1));
                }
            }
            return names;
        } catch (IOException e) {
            throw new ImageException(ImageException.Kind.FAILED, "cannot read " + CLASSPATH_LIST + ": " + e.getMessage(), e);
        }
    }

    /** Every jar of {@code java.class.path} by file name; a {@code dir/*} entry counts each jar in it. */
    private static Map<String, Path> classPathJarsByName() {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith("*")) {
                Path folder = Path.of(entry.substring(0, entry.length() - 1).isEmpty() ? "." : entry.substring(0, entry.length() - 1));
                try (DirectoryStream<Path> inFolder = Files.newDirectoryStream(folder, "*.jar")) {
                    inFolder.forEach(jar -> jars.putIfAbsent(jar.getFileName().toString(), jar.toAbsolutePath()));
                } catch (IOException e) {
                    // A class-path folder that cannot be listed holds nothing the JVM could load either.
                }
                continue;
            }
            Path path = Path.of(entry);
            if (Files.isRegularFile(path)) {
                jars.putIfAbsent(path.getFileName().toString(), path.toAbsolutePath());
            }
        }
        return jars;
    }

    /** {@code app/target/image-natives/pytorch-native-cpu-*-linux-x86_64.jar}, next to this class's jar or folder. */
    private static Optional<Path> besideTheApp() {
        Path target = codeLocation(ServerFiles.class).getParent();
        Path folder = target == null ? null : target.resolve(NATIVES_FOLDER);
        if (folder == null || !Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, NATIVE_JAR_PREFIX + "*" + NATIVE_JAR_SUFFIX)) {
            for (Path jar : jars) {
                return Optional.of(jar.toAbsolutePath());
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Path codeLocation(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            throw new ImageException(ImageException.Kind.FAILED, "cannot tell where " + type.getSimpleName()
                    + " was loaded from: " + e.getMessage(), e);
        }
    }
}
