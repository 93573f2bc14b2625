package dev.labconsole.runtime.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;

/** Small file-system helpers the sources share: hashing names, moving folders into place, deleting. */
final class FileTrees {

    private FileTrees() {
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Moves a fully written folder to where readers look for it, in one step where the file system
     * allows, so a reader sees either nothing or the whole folder.
     */
    static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
    }

    /** Deletes a folder and everything in it; missing is fine. */
    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The folder holding {@code model.properties}: {@code root} itself, or its only subfolder, because
     * archives are often made of a folder rather than of its contents.
     */
    static Path modelRoot(Path root, String marker) throws IOException {
        if (Files.exists(root.resolve(marker))) {
            return root;
        }
        try (Stream<Path> children = Files.list(root)) {
            var folders = children.filter(Files::isDirectory).toList();
            if (folders.size() == 1 && Files.exists(folders.get(0).resolve(marker))) {
                return folders.get(0);
            }
        }
        return root;
    }
}
