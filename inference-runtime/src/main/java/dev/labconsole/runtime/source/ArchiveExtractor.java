package dev.labconsole.runtime.source;

import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.model.ModelSpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
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
 * <p>An archive is input from somewhere else and must not write anywhere it likes, nor as much as it
 * likes: entries that would land outside the target folder ({@code ../}, absolute paths) and links are
 * refused, and {@link ArchiveLimits} (total size, entry count, compression ratio) are checked on the
 * bytes actually unpacked, not on what the headers claim. Everything is unpacked into a staging folder
 * first and moved into the cache only when complete, so a refused or broken archive leaves nothing.
 */
public final class ArchiveExtractor {

    private static final int COPY_BUFFER = 64 * 1024;
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final Path cacheRoot;
    private final ArchiveLimits limits;

    public ArchiveExtractor(Path cacheRoot) {
        this(cacheRoot, ArchiveLimits.DEFAULTS);
    }

    public ArchiveExtractor(Path cacheRoot, ArchiveLimits limits) {
        this.cacheRoot = cacheRoot;
        this.limits = limits;
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
            removeAbandonedStaging();
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
            throw unpackFailure(archive, e);
        }
    }

    /** The sentence for an archive that could not be unpacked: the disk's fault or the archive's. */
    private ModelException unpackFailure(Path archive, IOException e) {
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        if (e instanceof FileSystemException || String.valueOf(reason).contains("No space left")) {
            return new ModelException("cannot unpack " + archive.getFileName() + " into " + cacheRoot + " ("
                    + (reason == null ? "the file system refused" : reason)
                    + "); free some disk space or check the folder's permissions, then try again", e);
        }
        return new ModelException("cannot read archive " + archive.getFileName() + ": it is damaged or not a"
                + " .zip/.tar.gz/.tar; make it again from the model folder (zip -r model.zip model/ or"
                + " tar czf model.tar.gz model/)", e);
    }

    /**
     * Removes staging folders an earlier run left when it was killed mid-unpack. Only old ones: another
     * process may be unpacking into a fresh one right now.
     */
    private void removeAbandonedStaging() {
        try (var children = Files.list(cacheRoot)) {
            Instant before = Instant.now().minus(ABANDONED_AFTER);
            children.filter(child -> child.getFileName().toString().startsWith(".staging-"))
                    .filter(child -> {
                        try {
                            return Files.getLastModifiedTime(child).toInstant().isBefore(before);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(FileTrees::deleteRecursively);
        } catch (IOException | UncheckedIOException e) {
            // Leftovers are only wasted space; unpacking goes on.
        }
    }

    private void unpack(Path archive, Path target, DownloadProgress progress) throws IOException {
        long total = Files.size(archive);
        String name = archive.getFileName().toString();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                CountingInputStream counted = new CountingInputStream(file, (done) ->
                        progress.update("unpacking " + name, done, total));
                ArchiveInputStream<? extends ArchiveEntry> entries = open(name, counted)) {
            Unpacked unpacked = new Unpacked(name, counted);
            int files = 0;
            ArchiveEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                unpacked.entry();
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
                    unpacked.copy(entries, out);
                }
                files++;
            }
            if (files == 0) {
                throw new ModelException("archive " + name + " holds no files; make it from the model folder"
                        + " (model.properties, the model file, labels.txt)");
            }
            progress.update("unpacked " + name, total, total);
        }
    }

    /** What has been unpacked so far, against the limits: checked on every block written. */
    private final class Unpacked {
        private final String archiveName;
        private final CountingInputStream archiveBytesRead;
        private final byte[] buffer = new byte[COPY_BUFFER];
        private long bytes;
        private int entries;

        Unpacked(String archiveName, CountingInputStream archiveBytesRead) {
            this.archiveName = archiveName;
            this.archiveBytesRead = archiveBytesRead;
        }

        void entry() {
            entries++;
            if (entries > limits.maxEntries()) {
                throw new ModelException("archive " + archiveName + " holds more than "
                        + String.format(Locale.ROOT, "%,d", limits.maxEntries()) + " files and folders, and a model"
                        + " folder holds a handful; archive only the model folder (model.properties, the model file,"
                        + " labels.txt, tokenizer.json)");
            }
        }

        void copy(InputStream in, OutputStream out) throws IOException {
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes += n;
                if (bytes > limits.maxUnpackedBytes()) {
                    throw new ModelException("archive " + archiveName + " unpacks to more than "
                            + size(limits.maxUnpackedBytes()) + ", more than a model the lab can run (its task has"
                            + " 3 GB of memory); it was not unpacked: use a smaller model, or check it is the right file");
                }
                long read = Math.max(1, archiveBytesRead.count());
                if (bytes > limits.ratioFloorBytes() && bytes / read > limits.maxRatio()) {
                    throw new ModelException("archive " + archiveName + " grows more than " + limits.maxRatio()
                            + " times as it unpacks (" + size(read) + " became " + size(bytes) + " and counting), as an"
                            + " archive bomb does and a model does not; it was not unpacked: make the archive again"
                            + " from the model folder, or use the folder itself");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static String size(long bytes) {
        if (bytes >= 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
        }
        if (bytes >= 1024L * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
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
