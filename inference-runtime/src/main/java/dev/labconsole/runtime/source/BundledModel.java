package dev.labconsole.runtime.source;

import dev.labconsole.runtime.model.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The sentiment model that ships inside the runtime's jar.
 *
 * <p>DJL loads models from files, so a model inside a jar is copied once into the cache, in a
 * folder named after the jar entries' checksums: a new build with a new model gets a new folder.
 */
public final class BundledModel {

    static final String RESOURCE_FOLDER = "labconsole/models/sentiment/";

    private BundledModel() {
    }

    /** Whether this build carries the bundled model (the server's container image does not). */
    public static boolean isAvailable() {
        return BundledModel.class.getClassLoader().getResource(RESOURCE_FOLDER + "model.properties") != null;
    }

    /** The bundled model's folder on disk, copying it out of the jar into {@code cacheRoot} when needed. */
    public static Path folder(Path cacheRoot) {
        URL marker = BundledModel.class.getClassLoader().getResource(RESOURCE_FOLDER + "model.properties");
        if (marker == null) {
            throw new ModelException("the bundled model is missing from this build (no " + RESOURCE_FOLDER
                    + "model.properties on the class path); rebuild with ./labconsole --version");
        }
        try {
            if ("file".equals(marker.getProtocol())) {
                return Path.of(marker.toURI()).getParent();
            }
            JarURLConnection connection = (JarURLConnection) marker.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                return extract(jar, cacheRoot);
            }
        } catch (IOException | URISyntaxException | ClassCastException e) {
            throw new ModelException("cannot read the bundled model: " + e.getMessage(), e);
        }
    }

    private static Path extract(JarFile jar, Path cacheRoot) throws IOException {
        StringBuilder fingerprint = new StringBuilder();
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            JarEntry entry = entries.nextElement();
            if (entry.getName().startsWith(RESOURCE_FOLDER) && !entry.isDirectory()) {
                fingerprint.append(entry.getName()).append(':').append(entry.getCrc()).append(':')
                        .append(entry.getSize()).append('\n');
            }
        }
        Path target = cacheRoot.resolve("bundled").resolve(FileTrees.sha256(fingerprint.toString()).substring(0, 32));
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path staging = target.resolveSibling(".staging-" + UUID.randomUUID());
        try {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(RESOURCE_FOLDER) || entry.isDirectory()) {
                    continue;
                }
                Path destination = ArchiveExtractor.safeDestination(staging,
                        entry.getName().substring(RESOURCE_FOLDER.length()));
                Files.createDirectories(destination.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, destination);
                }
            }
            try {
                FileTrees.moveIntoPlace(staging, target);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // Another process unpacked the same model first; theirs is as good as ours.
            }
        } finally {
            FileTrees.deleteRecursively(staging);
        }
        return target;
    }
}
