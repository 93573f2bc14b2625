package dev.labconsole.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JRE 17 base image made without any container hub: Debian bookworm's {@code openjdk-17-jre-headless}
 * installed by {@code debootstrap} from the machine's own Debian mirror (about 40 s and 480 MB, once:
 * the root file system is kept as a tar in {@code ~/.cache/labconsole-test/base-image/}, written under
 * a lock and renamed into place whole), then imported into podman and pushed to a test registry.
 */
public final class DebianBaseImage {

    static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "labconsole-test", "base-image");
    static final String ROOTFS = "bookworm-jre17.tar";
    static final String LOCAL_NAME = "localhost/labconsole-test-base:bookworm-jre17";
    private static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private DebianBaseImage() {
    }

    /** Skips the calling test, saying why, when the base image can be neither found nor made. */
    public static void assumeAvailable() {
        Podman.assumeAvailable();
        assumeTrue(Files.isRegularFile(CACHE.resolve(ROOTFS)) || Podman.Executables.onPath("debootstrap"),
                "debootstrap is not installed (apt-get install debootstrap) and no cached base image is in " + CACHE
                        + "; container tests skipped");
    }

    /** Pushes the base image to the registry at {@code registryAddress}; returns its reference there. */
    public static String pushTo(String registryAddress) throws IOException {
        if (Podman.run(Duration.ofSeconds(30), "image", "exists", LOCAL_NAME).exitCode() != 0) {
            Podman.run(Duration.ofMinutes(5), "import", "--change", "ENV " + PATH_ENV, rootfs().toString(), LOCAL_NAME)
                    .orFail("podman import of the base image");
        }
        String reference = registryAddress + "/labconsole-test-base:bookworm-jre17";
        Podman.run(Duration.ofMinutes(10), "push", "--tls-verify=false", LOCAL_NAME, reference).orFail("podman push of the base image");
        return reference;
    }

    /** The root file system's tar, made once per machine. */
    static Path rootfs() throws IOException {
        Path tar = CACHE.resolve(ROOTFS);
        if (Files.isRegularFile(tar)) {
            return tar;
        }
        Files.createDirectories(CACHE);
        try (FileChannel lockFile = FileChannel.open(CACHE.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (Files.isRegularFile(tar)) {
                return tar; // Made by another test JVM while this one waited.
            }
            Path root = Files.createTempDirectory("labconsole-debootstrap");
            Path partial = CACHE.resolve("." + ROOTFS + ".partial");
            try {
                Podman.Executables.run(List.of("debootstrap", "--variant=minbase",
                        "--include=openjdk-17-jre-headless,ca-certificates", "bookworm", root.toString(), debianMirror()),
                        Duration.ofMinutes(15), Map.of()).orFail("debootstrap");
                Podman.Executables.run(List.of("tar", "--numeric-owner", "-C", root.toString(), "-cf", partial.toString(), "."),
                        Duration.ofMinutes(5), Map.of()).orFail("tar of the base image");
                Files.move(partial, tar, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
                Podman.Executables.run(List.of("rm", "-rf", root.toString()), Duration.ofMinutes(2), Map.of());
            }
            return tar;
        }
    }

    /** The machine's Debian mirror, from apt's sources; Debian's own when none is configured. */
    static String debianMirror() throws IOException {
        Pattern uri = Pattern.compile("(?m)^\\s*(?:URIs:\\s*|deb\\s+(?:\\[[^]]*]\\s+)?)(\\S+/debian)/?\\s");
        for (Path dir : List.of(Path.of("/etc/apt/sources.list.d"), Path.of("/etc/apt"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{sources,list}")) {
                for (Path file : files) {
                    Matcher matcher = uri.matcher(Files.readString(file) + "\n");
                    if (matcher.find()) {
                        return matcher.group(1);
                    }
                }
            }
        }
        return "http://deb.debian.org/debian";
    }
}
