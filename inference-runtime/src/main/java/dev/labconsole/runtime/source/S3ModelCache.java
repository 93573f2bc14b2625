package dev.labconsole.runtime.source;

import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.model.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Downloads a model from S3 into a local cache and reuses it while the objects are unchanged.
 *
 * <p>The cache folder is named after the bucket and prefix, then after the objects' keys and
 * ETags: a changed object gives a new name, so it is fetched again. Files are downloaded into a
 * staging folder that is moved into place only when every file is complete, so a reader never
 * sees a half-downloaded model; files whose ETag did not change are copied from the previous
 * version instead of downloaded again.
 */
public final class S3ModelCache {

    private static final String MANIFEST = ".labconsole-manifest.properties";

    private final S3Client s3;
    private final Path cacheRoot;
    private final ArchiveExtractor archives;

    public S3ModelCache(S3Client s3, Path cacheRoot) {
        this.s3 = s3;
        this.cacheRoot = cacheRoot;
        this.archives = new ArchiveExtractor(cacheRoot.resolve("unpacked"));
    }

    /** Fetches (or reuses) the model at {@code location} and returns its local folder. */
    public Path fetch(S3Location location, DownloadProgress progress) {
        try {
            List<S3Object> objects = list(location);
            if (objects.size() == 1 && objects.get(0).key().equals(location.key())
                    && ArchiveExtractor.isArchive(location.key())) {
                String parent = location.key().substring(0, location.key().lastIndexOf('/') + 1);
                Path folder = fetchObjects(location, objects, parent, progress);
                try {
                    return archives.extract(folder.resolve(fileNameOf(location.key())), progress);
                } catch (ModelException e) {
                    // A refused archive is not kept: the next try downloads whatever is in S3 by then.
                    FileTrees.deleteRecursively(folder.getParent());
                    throw e;
                }
            }
            Path folder = fetchObjects(location, objects, location.folderPrefix(), progress);
            return FileTrees.modelRoot(folder, ModelSpec.PROPERTIES_FILE);
        } catch (SdkException e) {
            throw new ModelException(S3Errors.explain(e, location), e);
        } catch (IOException e) {
            throw new ModelException("cannot write the model cache under " + cacheRoot + ": " + e.getMessage(), e);
        }
    }

    /** Deletes whatever the cache under {@code cacheRoot} holds downloaded from {@code location}. */
    static void forget(Path cacheRoot, S3Location location) {
        Path downloads = cacheRoot.resolve("s3");
        String key = location.key();
        if (ArchiveExtractor.isArchive(key)) {
            String parent = key.substring(0, key.lastIndexOf('/') + 1);
            FileTrees.deleteRecursively(downloads.resolve(FileTrees.sha256(location.bucket() + "/" + parent)));
        }
        FileTrees.deleteRecursively(downloads.resolve(FileTrees.sha256(location.bucket() + "/" + location.folderPrefix())));
    }

    private List<S3Object> list(S3Location location) {
        List<S3Object> objects = new ArrayList<>();
        boolean singleObject = ArchiveExtractor.isArchive(location.key());
        String prefix = singleObject ? location.key() : location.folderPrefix();
        s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(location.bucket()).prefix(prefix).build())
                .contents()
                .forEach(object -> {
                    if (!object.key().endsWith("/")) {
                        objects.add(object);
                    }
                });
        if (singleObject) {
            objects.removeIf(object -> !object.key().equals(location.key()));
        }
        if (objects.isEmpty()) {
            throw new ModelException("nothing found at " + location + ": check the bucket and prefix"
                    + " (aws s3 ls s3://" + location.bucket() + "/" + prefix + ")");
        }
        return objects;
    }

    private Path fetchObjects(S3Location location, List<S3Object> objects, String prefix, DownloadProgress progress)
            throws IOException {
        Map<String, String> manifest = new TreeMap<>();
        for (S3Object object : objects) {
            manifest.put(relativeName(object.key(), prefix), object.eTag() + " " + object.size());
        }
        Path modelCache = cacheRoot.resolve("s3").resolve(FileTrees.sha256(location.bucket() + "/" + prefix));
        Path target = modelCache.resolve(FileTrees.sha256(manifest.toString()).substring(0, 32));
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(modelCache);
        Path previous = newestVersion(modelCache);
        Map<String, String> previousManifest = previous == null ? Map.of() : readManifest(previous);
        Path staging = modelCache.resolve(".staging-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            long total = 0;
            for (S3Object object : objects) {
                total += object.size();
            }
            long done = 0;
            for (S3Object object : objects) {
                String name = relativeName(object.key(), prefix);
                Path destination = ArchiveExtractor.safeDestination(staging, name);
                Files.createDirectories(destination.getParent());
                if (manifest.get(name).equals(previousManifest.get(name))) {
                    Files.copy(previous.resolve(name), destination, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    download(location.bucket(), object, destination, name, done, total, progress);
                }
                done += object.size();
                progress.update("downloaded " + name, done, total);
            }
            writeManifest(staging, manifest);
            FileTrees.moveIntoPlace(staging, target);
        } finally {
            FileTrees.deleteRecursively(staging);
        }
        deleteOtherVersions(modelCache, target);
        return target;
    }

    private void download(String bucket, S3Object object, Path destination, String name, long doneBefore, long total,
            DownloadProgress progress) throws IOException {
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(object.key()).ifMatch(object.eTag()).build();
        try (ResponseInputStream<GetObjectResponse> body = s3.getObject(request);
                InputStream counted = new CountingInputStream(body,
                        bytes -> progress.update("downloading " + name, doneBefore + bytes, total));
                OutputStream out = Files.newOutputStream(destination)) {
            counted.transferTo(out);
        }
        long written = Files.size(destination);
        if (written != object.size()) {
            throw new IOException("download of " + object.key() + " ended after " + written + " of "
                    + object.size() + " bytes");
        }
    }

    private static String relativeName(String key, String prefix) {
        return key.startsWith(prefix) && key.length() > prefix.length() ? key.substring(prefix.length()) : fileNameOf(key);
    }

    private static String fileNameOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static Path newestVersion(Path modelCache) throws IOException {
        try (Stream<Path> versions = Files.list(modelCache)) {
            return versions.filter(path -> !path.getFileName().toString().startsWith("."))
                    .filter(path -> Files.exists(path.resolve(MANIFEST)))
                    .max(Comparator.comparing(path -> path.toFile().lastModified()))
                    .orElse(null);
        }
    }

    private static void deleteOtherVersions(Path modelCache, Path keep) {
        try (Stream<Path> versions = Files.list(modelCache)) {
            versions.filter(path -> !path.equals(keep) && !path.getFileName().toString().startsWith("."))
                    .forEach(FileTrees::deleteRecursively);
        } catch (IOException | RuntimeException e) {
            // An old version still open elsewhere is harmless; it goes next time.
        }
    }

    private static Map<String, String> readManifest(Path folder) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(folder.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> manifest = new TreeMap<>();
        properties.forEach((key, value) -> manifest.put((String) key, (String) value));
        return manifest;
    }

    private static void writeManifest(Path folder, Map<String, String> manifest) throws IOException {
        Properties properties = new Properties();
        properties.putAll(manifest);
        try (Writer writer = Files.newBufferedWriter(folder.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            properties.store(writer, "objects this folder was downloaded from: ETag and size");
        }
    }
}
