package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.Retry;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.LabState;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The model bucket: {@code <lab>-models-<account>-<region>} (or {@code --bucket}), Block Public Access
 * on, SSE-S3 (AES256) default encryption, versioning on, tagged with the lab.
 */
public final class BucketStep implements Step {

    // DeleteObjects takes at most this many keys per call.
    private static final int DELETE_BATCH = 1000;

    @Override
    public StepId id() {
        return StepId.BUCKET;
    }

    /**
     * The lab's bucket name: the recorded one, else {@code --bucket}, else derived from the account
     * (recorded by the identity step, asked of STS when missing) and the region.
     */
    public static String bucketName(LabContext context) {
        if (context.config().bucketName() != null) {
            return context.config().bucketName();
        }
        // A bucket the student made and apply adopted (recorded as such) is the lab's, whatever its name.
        if (context.state().origin(ResourceKey.BUCKET).filter(o -> o == LabState.Origin.ADOPTED).isPresent()) {
            return context.state().get(ResourceKey.BUCKET).orElseThrow();
        }
        String account = context.state().get(ResourceKey.ACCOUNT_ID).orElseGet(() -> {
            String found = context.aws().sts().getCallerIdentity().account();
            context.state().put(ResourceKey.ACCOUNT_ID, found);
            return found;
        });
        String derived = context.config().lab() + "-models-" + account + "-" + context.region();
        List<String> problems = new ArrayList<>();
        LabConfig.checkBucket(problems, derived);
        if (!problems.isEmpty()) {
            throw new AwsProblem("the lab's bucket name " + derived + " breaks S3's rules (at most 63 characters):"
                    + " choose a shorter one with --bucket, e.g. " + context.config().lab() + "-models", null, null);
        }
        return derived;
    }

    @Override
    public String cliEquivalent(LabContext context) {
        String bucket = nameForDisplay(context);
        String location = Region.US_EAST_1.id().equals(context.region()) ? ""
                : " --create-bucket-configuration LocationConstraint=" + context.region();
        return "aws s3api create-bucket --bucket " + bucket + " --region " + context.region() + location + "\n"
                + "aws s3api put-public-access-block --bucket " + bucket + " --public-access-block-configuration"
                + " BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true\n"
                + "aws s3api put-bucket-encryption --bucket " + bucket + " --server-side-encryption-configuration"
                + " '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"AES256\"}}]}'\n"
                + "aws s3api put-bucket-versioning --bucket " + bucket + " --versioning-configuration Status=Enabled\n"
                + "aws s3api put-bucket-tagging --bucket " + bucket + " --tagging 'TagSet=[{Key=Name,Value=" + bucket
                + "},{Key=" + LabContext.LAB_TAG + ",Value=" + context.config().lab() + "}]'";
    }

    /** The bucket's name for CLI text, without AWS calls ({@code <account-id>} when not known yet). */
    static String nameForDisplay(LabContext context) {
        if (context.config().bucketName() != null) {
            return context.config().bucketName();
        }
        return context.state().get(ResourceKey.BUCKET).orElseGet(() -> context.config().lab() + "-models-"
                + context.state().get(ResourceKey.ACCOUNT_ID).orElse("<account-id>") + "-" + context.region());
    }

    @Override
    public PlanAction plan(LabContext context) {
        String bucket = bucketName(context);
        if (!exists(context.aws().s3(), bucket)) {
            return PlanAction.CREATE;
        }
        return bucket.equals(context.state().get(ResourceKey.BUCKET).orElse(null)) ? PlanAction.NOTHING
                : PlanAction.ADOPT;
    }

    /**
     * Whether {@code bucket} exists and is this account's; a bucket of another account (403) is a
     * problem the student must solve with another name.
     */
    static boolean exists(S3Client s3, String bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            if (e.statusCode() == 403) {
                throw new AwsProblem("the bucket " + bucket + " exists but belongs to another AWS account (bucket"
                        + " names are global): choose another with --bucket", "BucketAlreadyExists", e);
            }
            throw AwsErrors.explain("looking for the bucket " + bucket, e);
        }
    }

    @Override
    public void apply(LabContext context) {
        S3Client s3 = context.aws().s3();
        String bucket = bucketName(context);
        boolean adopted;
        if (exists(s3, bucket)) {
            adopted = !context.config().lab().equals(labTag(s3, bucket));
            if (!bucket.equals(context.state().get(ResourceKey.BUCKET).orElse(null))) {
                context.resource(id(), "adopted bucket " + bucket);
            }
        } else {
            create(context, bucket);
            adopted = false;
        }
        if (adopted) {
            context.state().adopt(ResourceKey.BUCKET, bucket);
        } else {
            context.state().put(ResourceKey.BUCKET, bucket);
        }
        context.checkCancelled();
        // Right after a create, another S3 endpoint may not know the bucket yet. Tags first: they mark
        // the bucket as the lab's for teardown, so the student's own (adopted) bucket gets none.
        // PutBucketTagging replaces the set, so keep the others.
        configure(context, () -> {
            if (adopted) {
                return;
            }
            Map<String, String> merged = new LinkedHashMap<>(tags(s3, bucket));
            merged.putAll(context.tags(bucket));
            List<Tag> tags = merged.entrySet().stream()
                    .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
            s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(tags)));
        });
        configure(context, () -> s3.putPublicAccessBlock(r -> r.bucket(bucket)
                .publicAccessBlockConfiguration(allBlocked())));
        configure(context, () -> s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(
                c -> c.rules(ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(
                        d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build()))));
        configure(context, () -> s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(
                v -> v.status(BucketVersioningStatus.ENABLED))));
    }

    private static void configure(LabContext context, Runnable call) {
        try {
            context.retry().run(call, Retry.codes("NoSuchBucket"));
        } catch (S3Exception e) {
            throw AwsErrors.explain("configuring the bucket", e);
        }
    }

    private void create(LabContext context, String bucket) {
        try {
            context.aws().s3().createBucket(r -> {
                r.bucket(bucket);
                // us-east-1 is S3's default location and rejects an explicit LocationConstraint.
                if (!Region.US_EAST_1.id().equals(context.region())) {
                    r.createBucketConfiguration(c -> c.locationConstraint(context.region()));
                }
            });
            context.resource(id(), "created bucket " + bucket + " in " + context.region());
        } catch (S3Exception e) {
            if (AwsErrors.hasCode(e, "BucketAlreadyOwnedByYou")) {
                // Created by an earlier run that stopped before recording it.
                context.resource(id(), "adopted bucket " + bucket);
                return;
            }
            throw AwsErrors.explain("creating the bucket " + bucket, e);
        }
    }

    private static PublicAccessBlockConfiguration allBlocked() {
        return PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true)
                .blockPublicPolicy(true).restrictPublicBuckets(true).build();
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        S3Client s3 = context.aws().s3();
        String bucket = bucketName(context);
        if (!exists(s3, bucket)) {
            result.add(Requirement.unmet(id(), "bucket " + bucket + " exists", "no such bucket: create it (Storage >"
                    + " Create) or pass the name of yours with --bucket"));
            return result;
        }
        context.state().put(ResourceKey.BUCKET, bucket);
        result.add(Requirement.met(id(), "bucket " + bucket + " exists", "in " + context.region()));
        result.add(publicAccessBlocked(s3, bucket));
        result.add(encrypted(s3, bucket));
        String versioning = s3.getBucketVersioning(r -> r.bucket(bucket)).statusAsString();
        boolean enabled = BucketVersioningStatus.ENABLED.toString().equals(versioning);
        result.add(Requirement.check(id(), "bucket versioning is Enabled", enabled, enabled ? "Enabled"
                : (versioning == null ? "never enabled" : versioning) + ": aws s3api put-bucket-versioning --bucket "
                        + bucket + " --versioning-configuration Status=Enabled"));
        return result;
    }

    private Requirement publicAccessBlocked(S3Client s3, String bucket) {
        String text = "bucket blocks all public access";
        String fix = "aws s3api put-public-access-block --bucket " + bucket + " --public-access-block-configuration"
                + " BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true";
        try {
            PublicAccessBlockConfiguration c = s3.getPublicAccessBlock(r -> r.bucket(bucket))
                    .publicAccessBlockConfiguration();
            boolean all = Boolean.TRUE.equals(c.blockPublicAcls()) && Boolean.TRUE.equals(c.ignorePublicAcls())
                    && Boolean.TRUE.equals(c.blockPublicPolicy()) && Boolean.TRUE.equals(c.restrictPublicBuckets());
            return Requirement.check(id(), text, all, all ? "all four settings on" : "not all four settings on: " + fix);
        } catch (S3Exception e) {
            if (AwsErrors.hasCode(e, "NoSuchPublicAccessBlockConfiguration")) {
                return Requirement.unmet(id(), text, "no Block Public Access settings: " + fix);
            }
            throw AwsErrors.explain("reading the bucket's public access block", e);
        }
    }

    private Requirement encrypted(S3Client s3, String bucket) {
        String text = "bucket encrypts objects by default (SSE-S3 or KMS)";
        try {
            List<ServerSideEncryptionRule> rules = s3.getBucketEncryption(r -> r.bucket(bucket))
                    .serverSideEncryptionConfiguration().rules();
            String algorithm = rules.stream().filter(r -> r.applyServerSideEncryptionByDefault() != null)
                    .map(r -> r.applyServerSideEncryptionByDefault().sseAlgorithmAsString()).findFirst().orElse(null);
            return Requirement.check(id(), text, algorithm != null, algorithm != null ? algorithm
                    : "no default encryption rule");
        } catch (S3Exception e) {
            if (AwsErrors.hasCode(e, "ServerSideEncryptionConfigurationNotFoundError")) {
                return Requirement.unmet(id(), text, "no default encryption: aws s3api put-bucket-encryption --bucket "
                        + bucket + " --server-side-encryption-configuration"
                        + " '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"AES256\"}}]}'");
            }
            throw AwsErrors.explain("reading the bucket's encryption", e);
        }
    }

    @Override
    public void destroy(LabContext context) {
        if (context.config().keepBucket()) {
            context.resource(id(), "kept bucket " + nameForDisplay(context) + " and the model in it (--keep-bucket)");
            return;
        }
        S3Client s3 = context.aws().s3();
        boolean recorded = context.state().get(ResourceKey.BUCKET).isPresent();
        String bucket = context.state().get(ResourceKey.BUCKET).orElseGet(() -> bucketName(context));
        if (!exists(s3, bucket)) {
            context.state().remove(ResourceKey.BUCKET);
            return;
        }
        // Only the recorded bucket or one tagged with the lab: never a same-named bucket the lab never owned.
        if (!recorded && !context.config().lab().equals(labTag(s3, bucket))) {
            context.warn(id(), "left bucket " + bucket + " alone: it is neither recorded nor tagged "
                    + LabContext.LAB_TAG + "=" + context.config().lab());
            return;
        }
        int deleted = emptyBucket(context, bucket);
        s3.deleteBucket(r -> r.bucket(bucket));
        // S3 is eventually consistent: HeadBucket may still find a bucket for a moment after its delete.
        try {
            context.retry().withDeadline(java.time.Duration.ofSeconds(60)).run(() -> {
                if (exists(s3, bucket)) {
                    throw new StillThere();
                }
            }, e -> e instanceof StillThere);
        } catch (StillThere e) {
            throw new AwsProblem("the bucket " + bucket + " still exists a minute after deleting it", null, null);
        }
        context.state().remove(ResourceKey.BUCKET);
        context.resource(id(), "deleted bucket " + bucket + " (" + deleted + " object versions and delete markers)");
    }

    /** A deleted resource that a describe still shows. */
    private static final class StillThere extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Deletes every object version and delete marker (a versioned bucket must be empty of both). */
    private int emptyBucket(LabContext context, String bucket) {
        S3Client s3 = context.aws().s3();
        int deleted = 0;
        List<ObjectIdentifier> batch = new ArrayList<>();
        // Deleting while paging would shift the pages: collect a page, then delete it, then list again.
        while (true) {
            context.checkCancelled();
            ListObjectVersionsResponse page = s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(DELETE_BATCH));
            page.versions().forEach(v -> batch.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId())
                    .build()));
            page.deleteMarkers().forEach(m -> batch.add(ObjectIdentifier.builder().key(m.key())
                    .versionId(m.versionId()).build()));
            if (batch.isEmpty()) {
                return deleted;
            }
            for (int from = 0; from < batch.size(); from += DELETE_BATCH) {
                List<ObjectIdentifier> part = batch.subList(from, Math.min(batch.size(), from + DELETE_BATCH));
                var response = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(part).quiet(true)));
                if (!response.errors().isEmpty()) {
                    throw new AwsProblem("could not empty the bucket " + bucket + ": "
                            + response.errors().get(0).key() + ": " + response.errors().get(0).message(), null, null);
                }
                deleted += part.size();
            }
            context.progress(id(), "deleted " + deleted + " object versions from " + bucket);
            batch.clear();
        }
    }

    private static String labTag(S3Client s3, String bucket) {
        return tags(s3, bucket).get(LabContext.LAB_TAG);
    }

    private static Map<String, String> tags(S3Client s3, String bucket) {
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        } catch (S3Exception e) {
            if (AwsErrors.hasCode(e, "NoSuchTagSet")) {
                return Map.of();
            }
            throw e;
        }
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        String bucket = context.state().get(ResourceKey.BUCKET).orElseGet(() -> bucketName(context));
        if (!exists(context.aws().s3(), bucket)) {
            return List.of();
        }
        return List.of(new LabResource(id(), "S3 bucket", bucket, "arn:aws:s3:::" + bucket, "exists", 0));
    }
}
