package dev.labconsole.runtime.source;

import dev.labconsole.runtime.model.ModelException;
import java.util.regex.Pattern;

/**
 * A parsed {@code s3://bucket/key-or-prefix} address.
 *
 * @param bucket the bucket name
 * @param key the key or prefix after the bucket, without a leading slash; may be empty
 */
public record S3Location(String bucket, String key) {

    // S3's naming rules for buckets (general purpose): 3-63 lower-case letters, digits, dots, hyphens.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public static boolean isS3(String uri) {
        return uri != null && uri.regionMatches(true, 0, "s3://", 0, 5);
    }

    /** Parses {@code s3://bucket/prefix}; a bad address is reported with what it should look like. */
    public static S3Location parse(String uri) {
        if (!isS3(uri)) {
            throw new ModelException("'" + uri + "' is not an s3:// address; use s3://bucket/models/name/");
        }
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new ModelException("'" + bucket + "' is not a valid S3 bucket name (3-63 lower-case letters, digits,"
                    + " dots and hyphens); use s3://bucket/models/name/");
        }
        return new S3Location(bucket, key);
    }

    /** The key as a folder prefix: empty, or ending with {@code /}. */
    public String folderPrefix() {
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
