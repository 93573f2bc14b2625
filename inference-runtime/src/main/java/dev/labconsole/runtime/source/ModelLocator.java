package dev.labconsole.runtime.source;

import dev.labconsole.runtime.model.DjlSettings;
import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.model.ModelSpec;
import dev.labconsole.runtime.model.TextClassifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Turns what a user typed as a model ({@code bundled}, a folder, an archive, a {@code file:} URI or
 * {@code s3://bucket/prefix/}) into a local model folder.
 */
public final class ModelLocator {

    /** The name that selects the bundled model; so does no model at all. */
    public static final String BUNDLED = "bundled";

    private static final java.util.regex.Pattern OTHER_SCHEME = java.util.regex.Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*)://");

    private final Path cacheRoot;
    private final Supplier<S3Client> s3;

    /**
     * @param cacheRoot where downloads and unpacked archives are kept
     * @param s3 makes the S3 client, only when an {@code s3://} model is asked for
     */
    public ModelLocator(Path cacheRoot, Supplier<S3Client> s3) {
        this.cacheRoot = cacheRoot;
        this.s3 = s3;
    }

    /** A locator caching under {@code ~/.labconsole/models} and reaching S3 as the environment says. */
    public static ModelLocator standard() {
        return standard(S3Clients::fromEnvironment);
    }

    /**
     * A locator caching under {@code ~/.labconsole/models} that reaches S3 through the clients {@code s3}
     * makes (it closes each one after its download).
     */
    public static ModelLocator standard(Supplier<S3Client> s3) {
        return new ModelLocator(DjlSettings.labConsoleHome().resolve("models"), s3);
    }

    /** True when {@code uri} names the bundled model. */
    public static boolean isBundled(String uri) {
        return uri == null || uri.isBlank() || BUNDLED.equalsIgnoreCase(uri.trim());
    }

    /** Resolves {@code uri} to a local folder holding {@code model.properties}. */
    public Path resolve(String uri, DownloadProgress progress) {
        if (isBundled(uri)) {
            return BundledModel.folder(cacheRoot);
        }
        String trimmed = uri.trim();
        if (S3Location.isS3(trimmed)) {
            S3Location location = S3Location.parse(trimmed);
            try (S3Client client = s3.get()) {
                return new S3ModelCache(client, cacheRoot).fetch(location, progress);
            }
        }
        Path path = localPath(trimmed);
        if (Files.isDirectory(path)) {
            return path;
        }
        if (Files.isRegularFile(path) && ArchiveExtractor.isArchive(path.getFileName().toString())) {
            return new ArchiveExtractor(cacheRoot.resolve("unpacked")).extract(path, progress);
        }
        if (Files.isRegularFile(path)) {
            throw new ModelException(path + " is a file, not a model: give the folder that holds model.properties,"
                    + " a .zip or .tar.gz of it, or an s3:// prefix");
        }
        throw new ModelException("no model at " + path + ": give a folder, a .zip/.tar.gz archive, an s3:// URI, or"
                + " leave --model out for the bundled model");
    }

    /**
     * Resolves {@code uri} and loads the model, test-run on one text (a {@link TextClassifier} warms up as it
     * loads), as {@code predict} and {@code serve} do and {@code apply} checks before any AWS call. A model that came
     * from an archive or from S3 and cannot be loaded does not stay in the cache: the next try unpacks or
     * downloads it again instead of reusing what failed, and a bad archive leaves no files behind.
     */
    public TextClassifier load(String uri, DownloadProgress progress) {
        Path folder = resolve(uri, progress);
        try {
            return TextClassifier.load(ModelSpec.read(folder));
        } catch (RuntimeException e) {
            forgetCachedCopy(uri, folder);
            throw e;
        }
    }

    /** Deletes the cache's copy of a model that came from an archive or S3; a user's own folder is never touched. */
    private void forgetCachedCopy(String uri, Path folder) {
        if (isBundled(uri)) {
            return;
        }
        String trimmed = uri.trim();
        boolean fromS3 = S3Location.isS3(trimmed);
        if (!fromS3 && !ArchiveExtractor.isArchive(trimmed)) {
            return;
        }
        Path unpacked = cacheRoot.resolve("unpacked").toAbsolutePath().normalize();
        Path normalized = folder.toAbsolutePath().normalize();
        if (normalized.startsWith(unpacked) && !normalized.equals(unpacked)) {
            FileTrees.deleteRecursively(unpacked.resolve(unpacked.relativize(normalized).getName(0)));
        }
        if (fromS3) {
            S3ModelCache.forget(cacheRoot, S3Location.parse(trimmed));
        }
    }

    private static Path localPath(String uri) {
        java.util.regex.Matcher scheme = OTHER_SCHEME.matcher(uri);
        if (scheme.lookingAt() && !scheme.group(1).equalsIgnoreCase("file")) {
            // Without this, "ftp://host/model" became a relative folder named "ftp:".
            throw new ModelException("'" + uri + "': models are read from a folder, a .zip/.tar.gz archive or"
                    + " s3://bucket/prefix/, not " + scheme.group(1) + "://; download it to a folder first, or copy"
                    + " it to S3");
        }
        try {
            if (uri.regionMatches(true, 0, "file:", 0, 5)) {
                return Path.of(URI.create(uri));
            }
            return Path.of(uri).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            throw new ModelException("'" + uri + "' is not a path or URI this runtime understands", e);
        }
    }
}
