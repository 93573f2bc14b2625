package dev.labconsole.runtime.source;

import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.model.ModelSpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a model archive ({@code .zip}, {@code .tar.gz}, {@code .tgz}, {@code .tar}) into a cache
 * folder keyed by the archive's SHA-256, so the same archive is unpacked once.
 *
 * <p>Entries that would land outside the target folder ({@code ../}, absolute paths) and links are
 * rejected: an archive is input from somewhere else and must not write anywhere it likes.
 */
public final class ArchiveExtractor {

    private final Path cacheRoot;

    public ArchiveExtractor(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /** True for the file names this extractor reads. */
    public static boolean isArchive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".zip") || lower.endsWith(".tar.gz") || lower.endsWith(".tgz") || lower.endsWith(".tar");
    }

    /** Unpacks {@code archive} (or reuses an earlier unpacking of the same bytes) and returns the model folder. */
    public Path extract(Path archive, DownloadProgress progress) {
        if (!Files.isRegularFile(archive)) {
            throw new ModelException("archive " + archive + " does not exist");
        }
        try {
            String hash = sha256Of(archive);
            Path target = cacheRoot.resolve(hash);
            if (Files.isDirectory(target)) {
                return FileTrees.modelRoot(target, ModelSpec.PROPERTIES_FILE);
            }
            Files.createDirectories(cacheRoot);
            Path staging = cacheRoot.resolve(".staging-" + UUID.randomUUID());
            try {
                Files.createDirectories(staging);
                unpack(archive, staging, progress);
                FileTrees.moveIntoPlace(staging, target);
            } finally {
                FileTrees.deleteRecursively(staging);
            }
            return FileTrees.modelRoot(target, ModelSpec.PROPERTIES_FILE);
        } catch (IOException e) {
            throw new ModelException("cannot read archive " + archive + ": " + e.getMessage()
                    + " (is it a complete .zip or .tar.gz?)", e);
        }
    }

    private static void unpack(Path archive, Path target, DownloadProgress progress) throws IOException {
        long total = Files.size(archive);
        String name = archive.getFileName().toString();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                CountingInputStream counted = new CountingInputStream(file, (done) ->
                        progress.update("unpacking " + name, done, total));
                ArchiveInputStream<? extends ArchiveEntry> entries = open(name, counted)) {
            int count = 0;
            ArchiveEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                Path destination = safeDestination(target, entry.getName());
                if (isLink(entry)) {
                    throw new ModelException("archive " + name + " holds a link (" + entry.getName()
                            + "); model archives may hold only files and folders");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (OutputStream out = Files.newOutputStream(destination)) {
                    entries.transferTo(out);
                }
                count++;
            }
            if (count == 0) {
                throw new ModelException("archive " + name + " holds no files");
            }
            progress.update("unpacked " + name, total, total);
        }
    }

    private static ArchiveInputStream<? extends ArchiveEntry> open(String name, InputStream in) throws IOException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".zip")) {
            return new ZipArchiveInputStream(in);
        }
        if (lower.endsWith(".tar")) {
            return new TarArchiveInputStream(in);
        }
        return new TarArchiveInputStream(new GzipCompressorInputStream(in));
    }

    /** Resolves an entry name inside {@code target}, refusing any that would escape it. */
    static Path safeDestination(Path target, String entryName) {
        String normalizedName = entryName.replace('\\', '/');
        Path destination = target.resolve(normalizedName).normalize();
        if (normalizedName.startsWith("/") || !destination.startsWith(target.normalize())) {
            throw new ModelException("archive entry '" + entryName + "' would be written outside the model folder;"
                    + " the archive is unsafe and was not unpacked");
        }
        return destination;
    }

    private static boolean isLink(ArchiveEntry entry) {
        if (entry instanceof TarArchiveEntry tar) {
            return tar.isSymbolicLink() || tar.isLink();
        }
        return entry instanceof ZipArchiveEntry zip && zip.isUnixSymlink();
    }

    private static String sha256Of(Path file) throws IOException {
        MessageDigest digest = FileTrees.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
