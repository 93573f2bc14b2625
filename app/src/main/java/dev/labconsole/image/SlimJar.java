package dev.labconsole.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies of jars without what the server image does not need (other platforms' native libraries, the
 * bundled model), written reproducibly: the same input gives the same bytes, so the layer's digest
 * stays the same and a registry that has it is not sent it again.
 */
final class SlimJar {

    /** 1980-02-01, the earliest time a zip entry holds; every entry of a jar made from a folder gets it. */
    private static final long FIXED_ENTRY_TIME = 315_532_800_000L + 31L * 24 * 3600 * 1000;

    private SlimJar() {
    }

    /**
     * {@code source} (a jar) without the entries {@code drop} selects, cached in {@code cacheDir} under a
     * name that changes with the source's size and time: an unchanged source gives the same file, with the
     * same modification time, so Jib's layer cache finds its compressed layer again.
     */
    static Path of(Path source, Predicate<String> drop, Path cacheDir) throws IOException {
        String name = source.getFileName().toString();
        String key = Long.toHexString(Files.size(source)) + "-" + Long.toHexString(Files.getLastModifiedTime(source).toMillis());
        Path target = cacheDir.resolve(key).resolve(name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling("." + name + "." + UUID.randomUUID());
        try (ZipFile zip = new ZipFile(source.toFile()); OutputStream file = Files.newOutputStream(partial);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (drop.test(entry.getName())) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /**
     * A jar of the folder {@code classes} (an IDE's or Maven's output folder) without what {@code drop}
     * selects: entries in name order, each with one fixed time. Written again only when its bytes change.
     */
    static Path ofFolder(Path classes, String jarName, Predicate<String> drop, Path cacheDir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        Files.createDirectories(cacheDir);
        Path partial = cacheDir.resolve("." + jarName + "." + UUID.randomUUID());
        try (OutputStream file = Files.newOutputStream(partial); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Path path : files) {
                String name = classes.relativize(path).toString().replace('\\', '/');
                if (drop.test(name)) {
                    continue;
                }
                ZipEntry entry = new ZipEntry(name);
                entry.setTime(FIXED_ENTRY_TIME);
                out.putNextEntry(entry);
                Files.copy(path, out);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Path target = cacheDir.resolve(jarName);
        // Keep the old file (and its time, which Jib's cache keys on) when nothing changed.
        if (Files.isRegularFile(target) && Files.mismatch(target, partial) == -1) {
            Files.delete(partial);
            return target;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
