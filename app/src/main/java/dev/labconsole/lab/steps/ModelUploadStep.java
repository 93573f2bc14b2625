package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.Retry;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import dev.labconsole.runtime.model.DjlSettings;
import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.source.ModelLocator;
import dev.labconsole.runtime.source.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.FileUpload;
import software.amazon.awssdk.transfer.s3.model.UploadFileRequest;
import software.amazon.awssdk.transfer.s3.progress.TransferListener;

/**
 * Uploads the model folder to {@code s3://<bucket>/models/<model-name>/} with the S3 Transfer Manager
 * (multipart and parallel for large files). Files already there with the same size and checksum are
 * skipped, so running it again resumes an interrupted upload.
 */
public final class ModelUploadStep implements Step {

    /** The user metadata holding the file's SHA-256: the ETag of a multipart upload is not its MD5. */
    static final String SHA256_METADATA = "labconsole-sha256";
    /** The bundled model's name in the bucket (its folder in the jar is named so too). */
    static final String BUNDLED_NAME = "sentiment";

    private static final long PROGRESS_INTERVAL_NANOS = 300_000_000L;
    // Cache bookkeeping files (the S3 download manifest) are not part of the model.
    private static final String BOOKKEEPING_PREFIX = ".labconsole-";

    @Override
    public StepId id() {
        return StepId.MODEL_UPLOAD;
    }

    /** A model file: its path on disk, its key in the bucket, its size and checksums. */
    record ModelFile(Path path, String key, long size, String md5Hex, String sha256Hex) {
    }

    /** The model's name in the bucket: the folder's (or archive's, or prefix's) last name. */
    static String modelName(String uri, Path folder) {
        if (ModelLocator.isBundled(uri)) {
            return BUNDLED_NAME;
        }
        String trimmed = uri.trim();
        String last;
        if (S3Location.isS3(trimmed)) {
            String[] parts = trimmed.substring("s3://".length()).split("/");
            last = parts[parts.length - 1];
        } else {
            Path named = Path.of(trimmed.replaceFirst("^file:(//)?", ""));
            last = named.getFileName() == null ? folder.getFileName().toString() : named.getFileName().toString();
        }
        String name = last.replaceFirst("(?i)(\\.tar\\.gz|\\.tgz|\\.zip|\\.tar)$", "");
        return name.isBlank() ? folder.getFileName().toString() : name;
    }

    private static String uri(LabContext context) {
        return context.config().modelUri();
    }

    /** The local model folder, unpacked or downloaded when the model is an archive or in S3. */
    static Path folder(LabContext context) {
        try {
            ModelLocator locator = new ModelLocator(DjlSettings.labConsoleHome().resolve("models"),
                    () -> sourceClient(context));
            AtomicLong lastReport = new AtomicLong(System.nanoTime() - PROGRESS_INTERVAL_NANOS);
            return locator.resolve(uri(context), (what, done, total) -> {
                long now = System.nanoTime();
                if (now - lastReport.get() >= PROGRESS_INTERVAL_NANOS) {
                    lastReport.set(now);
                    context.progress(StepId.MODEL_UPLOAD, total > 0
                            ? String.format(Locale.ROOT, "%s: %.1f of %.1f MB", what, done / 1e6, total / 1e6)
                            : what);
                }
            });
        } catch (ModelException e) {
            throw new AwsProblem(e.getMessage(), null, e);
        }
    }

    /**
     * A client for an {@code s3://} model source with the lab's credentials and endpoint (pasted AWS
     * Academy credentials live only in memory); the locator closes it after the download.
     */
    private static S3Client sourceClient(LabContext context) {
        S3ClientBuilder builder = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(context.aws().credentials()).region(context.aws().region());
        URI endpoint = context.aws().target().endpoint();
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        } else {
            // The source may be in another region than the lab.
            builder.crossRegionAccessEnabled(true);
        }
        return builder.build();
    }

    /** {@code models/<model-name>/}: where the model goes in the bucket. */
    static String prefix(LabContext context, Path folder) {
        return "models/" + modelName(uri(context), folder) + "/";
    }

    @Override
    public String cliEquivalent(LabContext context) {
        String bucket = BucketStep.nameForDisplay(context);
        String source = ModelLocator.isBundled(uri(context)) ? "<bundled model folder>" : uri(context);
        String name = ModelLocator.isBundled(uri(context)) ? BUNDLED_NAME
                : modelName(uri(context), Path.of("model"));
        return "aws s3 cp --recursive " + source + " s3://" + bucket + "/models/" + name + "/";
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<String> bucket = context.state().get(ResourceKey.BUCKET);
        if (bucket.isEmpty() || !BucketStep.exists(context.aws().s3(), bucket.get())) {
            return PlanAction.CREATE;
        }
        Path folder = folder(context);
        String prefix = prefix(context, folder);
        return files(folder, prefix).stream().allMatch(f -> uploaded(context, bucket.get(), f))
                ? PlanAction.NOTHING : PlanAction.CREATE;
    }

    @Override
    public void apply(LabContext context) {
        String bucket = BucketStep.bucketName(context);
        Path folder = folder(context);
        String prefix = prefix(context, folder);
        List<ModelFile> files = files(folder, prefix);
        List<ModelFile> missing = new ArrayList<>();
        for (ModelFile file : files) {
            context.checkCancelled();
            if (uploaded(context, bucket, file)) {
                context.progress(id(), "skipped " + file.key() + " (already uploaded, same size and checksum)");
            } else {
                missing.add(file);
            }
        }
        upload(context, bucket, missing);
        String modelUri = "s3://" + bucket + "/" + prefix;
        context.state().put(ResourceKey.MODEL_URI, modelUri);
        context.resource(id(), "model at " + modelUri + ": uploaded " + missing.size() + " files, skipped "
                + (files.size() - missing.size()) + " already there");
    }

    private void upload(LabContext context, String bucket, List<ModelFile> files) {
        if (files.isEmpty()) {
            return;
        }
        long total = files.stream().mapToLong(ModelFile::size).sum();
        Map<String, Long> done = new ConcurrentHashMap<>();
        // Closing the transfer manager stops its threads; it leaves the shared client it was given open.
        try (S3TransferManager transfers = S3TransferManager.builder().s3Client(context.aws().s3Async()).build()) {
            uploadAll(context, bucket, files, transfers, done, total);
        }
        reportProgress(context, done, total);
    }

    private void uploadAll(LabContext context, String bucket, List<ModelFile> files, S3TransferManager transfers,
            Map<String, Long> done, long total) {
        AtomicLong lastReport = new AtomicLong(System.nanoTime() - PROGRESS_INTERVAL_NANOS);
        List<FileUpload> uploads = new ArrayList<>();
        for (ModelFile file : files) {
            TransferListener listener = new TransferListener() {
                @Override
                public void bytesTransferred(Context.BytesTransferred progress) {
                    done.put(file.key(), progress.progressSnapshot().transferredBytes());
                    long now = System.nanoTime();
                    long last = lastReport.get();
                    if (now - last >= PROGRESS_INTERVAL_NANOS && lastReport.compareAndSet(last, now)) {
                        reportProgress(context, done, total);
                    }
                }
            };
            uploads.add(transfers.uploadFile(UploadFileRequest.builder()
                    .putObjectRequest(r -> r.bucket(bucket).key(file.key()).contentLength(file.size())
                            .metadata(Map.of(SHA256_METADATA, file.sha256Hex())))
                    .source(file.path())
                    .addTransferListener(listener)
                    .build()));
        }
        for (FileUpload upload : uploads) {
            awaitOrCancel(context, bucket, upload, uploads);
        }
    }

    // Waits in short slices so a cancelled run stops the transfers within a fraction of a second.
    private static void awaitOrCancel(LabContext context, String bucket, FileUpload upload, List<FileUpload> all) {
        while (true) {
            try {
                upload.completionFuture().get(200, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (context.cancelled()) {
                    all.forEach(u -> u.completionFuture().cancel(true));
                    context.checkCancelled();
                }
            } catch (InterruptedException e) {
                all.forEach(u -> u.completionFuture().cancel(true));
                Thread.currentThread().interrupt();
                throw new Retry.CancelledException();
            } catch (ExecutionException | CompletionException e) {
                all.forEach(u -> u.completionFuture().cancel(true));
                throw AwsErrors.explain("uploading the model to s3://" + bucket, e.getCause() != null ? e.getCause() : e);
            }
        }
    }

    private void reportProgress(LabContext context, Map<String, Long> done, long total) {
        long sum = done.values().stream().mapToLong(Long::longValue).sum();
        context.progress(id(), String.format(Locale.ROOT, "%.1f of %.1f MB", sum / 1_000_000.0, total / 1_000_000.0));
    }

    /** Whether {@code file} is in the bucket with the same size and checksum. */
    private static boolean uploaded(LabContext context, String bucket, ModelFile file) {
        Optional<HeadObjectResponse> head = head(context, bucket, file.key());
        if (head.isEmpty() || head.get().contentLength() == null || head.get().contentLength() != file.size()) {
            return false;
        }
        String sha256 = head.get().metadata().get(SHA256_METADATA);
        if (sha256 != null) {
            return sha256.equalsIgnoreCase(file.sha256Hex());
        }
        // Uploaded by another tool: a single-part upload's ETag is the content's MD5.
        String etag = head.get().eTag() == null ? "" : head.get().eTag().replace("\"", "");
        return etag.equalsIgnoreCase(file.md5Hex());
    }

    private static Optional<HeadObjectResponse> head(LabContext context, String bucket, String key) {
        try {
            return Optional.of(context.aws().s3().headObject(r -> r.bucket(bucket).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw AwsErrors.explain("looking for s3://" + bucket + "/" + key, e);
        }
    }

    /** Every file under {@code folder} with its key under {@code prefix}, size and checksums. */
    static List<ModelFile> files(Path folder, String prefix) {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> paths = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(BOOKKEEPING_PREFIX))
                    .sorted().toList();
            List<ModelFile> files = new ArrayList<>();
            for (Path path : paths) {
                String relative = folder.relativize(path).toString().replace('\\', '/');
                String[] sums = checksums(path);
                files.add(new ModelFile(path, prefix + relative, Files.size(path), sums[0], sums[1]));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model folder " + folder, e);
        }
    }

    // One read for both: the MD5 matches single-part ETags, the SHA-256 is what the lab records.
    private static String[] checksums(Path path) throws IOException {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(path)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md5.update(buffer, 0, n);
                    sha256.update(buffer, 0, n);
                }
            }
            return new String[] {HexFormat.of().formatHex(md5.digest()), HexFormat.of().formatHex(sha256.digest())};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5 and SHA-256", e);
        }
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        String bucket = BucketStep.bucketName(context);
        Path folder = folder(context);
        String prefix = prefix(context, folder);
        String text = "model uploaded to s3://" + bucket + "/" + prefix;
        if (!BucketStep.exists(context.aws().s3(), bucket)) {
            result.add(Requirement.unmet(id(), text, "the bucket does not exist yet"));
            return result;
        }
        List<String> problems = new ArrayList<>();
        List<ModelFile> files = files(folder, prefix);
        for (ModelFile file : files) {
            Optional<HeadObjectResponse> head = head(context, bucket, file.key());
            if (head.isEmpty()) {
                problems.add(file.key() + " is missing");
            } else if (head.get().contentLength() == null || head.get().contentLength() != file.size()) {
                problems.add(file.key() + " has " + head.get().contentLength() + " bytes, not " + file.size());
            }
        }
        if (problems.isEmpty()) {
            context.state().put(ResourceKey.MODEL_URI, "s3://" + bucket + "/" + prefix);
        }
        result.add(Requirement.check(id(), text, problems.isEmpty(), problems.isEmpty()
                ? files.size() + " files, sizes match"
                : String.join("; ", problems) + ": upload it again (Storage > Upload model) or " + cliEquivalent(context)));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        // Nothing of its own: the bucket step empties and deletes the bucket (or keeps it with the model).
        if (!context.config().keepBucket()) {
            context.state().remove(ResourceKey.MODEL_URI);
        }
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return List.of();
    }
}
