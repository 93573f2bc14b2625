package dev.labconsole.lab.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.aws.Retry;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabState;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.TestLabContexts;
import dev.labconsole.testing.ProjectFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.Tag;

/** The bucket, model upload and repository steps against the moto emulator, checked with raw SDK calls. */
@ExtendWith(MotoExtension.class)
class StorageStepsTest {

    private static final String LAB = "store-test";
    private static final String BUCKET = LAB + "-models-123456789012-us-east-1";

    @TempDir
    Path home;

    private final List<LabEvent> events = new CopyOnWriteArrayList<>();
    private AwsClients aws;
    private LabStateStore store;
    private String previousHome;

    @BeforeEach
    void connect(MotoServer moto) {
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        store = new LabStateStore(home.resolve("labs"));
        // The bundled model is unpacked into the console's cache: keep it out of the real home folder.
        previousHome = System.getProperty("labconsole.home");
        System.setProperty("labconsole.home", home.resolve("console").toString());
    }

    @AfterEach
    void close() {
        aws.close();
        if (previousHome == null) {
            System.clearProperty("labconsole.home");
        } else {
            System.setProperty("labconsole.home", previousHome);
        }
    }

    private LabContext context(LabConfig config) {
        return TestLabContexts.quick(config, aws, store.open(LAB), events::add);
    }

    private static LabConfig config(String modelUri, boolean keepBucket) {
        LabConfig c = LabConfig.named(LAB);
        return new LabConfig(c.lab(), c.vpcCidr(), c.publicSubnetCidrs(), c.privateSubnetCidrs(), c.listenerPort(),
                c.containerPort(), c.healthCheckPath(), c.desiredCount(), c.cpu(), c.memoryMiB(), c.logRetentionDays(),
                c.bucketName(), c.image(), c.taskRoleArn(), c.executionRoleArn(), modelUri, keepBucket);
    }

    private int versionCount(S3Client s3) {
        return s3.listObjectVersionsPaginator(r -> r.bucket(BUCKET)).stream()
                .mapToInt(p -> p.versions().size() + p.deleteMarkers().size()).sum();
    }

    private List<String> messages(LabEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).map(LabEvent::message).toList();
    }

    @Test
    void buildsChecksAndTearsDownTheBucketTheBundledModelAndTheRepository() throws Exception {
        LabContext context = context(config(null, false));
        BucketStep bucket = new BucketStep();
        ModelUploadStep model = new ModelUploadStep();
        RepositoryStep repository = new RepositoryStep();
        new IdentityStep().apply(context);
        assertThat(bucket.plan(context)).isEqualTo(PlanAction.CREATE);
        assertThat(repository.plan(context)).isEqualTo(PlanAction.CREATE);

        bucket.apply(context);
        model.apply(context);
        repository.apply(context);

        S3Client s3 = aws.s3();
        assertThat(context.state().get(ResourceKey.BUCKET)).contains(BUCKET);
        PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(r -> r.bucket(BUCKET))
                .publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
                block.restrictPublicBuckets())).containsOnly(true);
        assertThat(s3.getBucketEncryption(r -> r.bucket(BUCKET)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("AES256");
        assertThat(s3.getBucketVersioning(r -> r.bucket(BUCKET)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(s3.getBucketTagging(r -> r.bucket(BUCKET)).tagSet())
                .extracting(Tag::key, Tag::value).contains(
                        Tuple.tuple("Name", BUCKET),
                        Tuple.tuple(LabContext.LAB_TAG, LAB));

        Path bundled = ProjectFiles.bundledModel();
        List<Path> local;
        try (Stream<Path> files = Files.list(bundled)) {
            local = files.filter(Files::isRegularFile).toList();
        }
        assertThat(local).hasSizeGreaterThanOrEqualTo(3);
        for (Path file : local) {
            var head = s3.headObject(r -> r.bucket(BUCKET).key("models/sentiment/" + file.getFileName()));
            assertThat(head.contentLength()).as(file.toString()).isEqualTo(Files.size(file));
        }
        // model.pt (16 MB) goes up in parts; its ETag is then no MD5, so the step records a SHA-256.
        var weights = s3.headObject(r -> r.bucket(BUCKET).key("models/sentiment/model.pt"));
        assertThat(weights.eTag()).contains("-");
        assertThat(weights.metadata()).containsKey(ModelUploadStep.SHA256_METADATA);
        assertThat(context.state().get(ResourceKey.MODEL_URI)).contains("s3://" + BUCKET + "/models/sentiment/");
        assertThat(messages(LabEvent.Kind.PROGRESS)).anyMatch(m -> m.matches("[\\d.]+ of 16\\.\\d MB"));

        Repository repo = aws.ecr().describeRepositories(r -> r.repositoryNames(LAB)).repositories().get(0);
        assertThat(repo.imageScanningConfiguration().scanOnPush()).isTrue();
        assertThat(repo.encryptionConfiguration().encryptionTypeAsString()).isEqualTo("AES256");
        assertThat(repo.imageTagMutabilityAsString()).isEqualTo("MUTABLE");
        assertThat(aws.ecr().listTagsForResource(r -> r.resourceArn(repo.repositoryArn())).tags())
                .anyMatch(t -> t.key().equals(LabContext.LAB_TAG) && t.value().equals(LAB));
        assertThat(context.state().get(ResourceKey.REPOSITORY_URI)).contains(repo.repositoryUri());
        String image = new ImageStep().cliEquivalent(context);
        assertThat(image).contains("./labconsole image push --lab " + LAB + " --region us-east-1")
                .contains("aws ecr get-login-password --region us-east-1 | docker login --username AWS"
                        + " --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com")
                .contains("docker build --platform linux/amd64 -t " + repo.repositoryUri() + ":latest .")
                .contains("docker push " + repo.repositoryUri() + ":latest");
        assertThat(repository.cliEquivalent(context)).contains("aws ecr create-repository --repository-name " + LAB);
        assertThat(bucket.cliEquivalent(context)).contains("aws s3api create-bucket --bucket " + BUCKET);
        assertThat(model.cliEquivalent(context)).contains("aws s3 cp --recursive")
                .contains("s3://" + BUCKET + "/models/sentiment/");

        // Again: nothing new, every file skipped, no new object versions.
        int versions = versionCount(s3);
        assertThat(versions).isEqualTo(local.size());
        assertThat(bucket.plan(context)).isEqualTo(PlanAction.NOTHING);
        assertThat(model.plan(context)).isEqualTo(PlanAction.NOTHING);
        assertThat(repository.plan(context)).isEqualTo(PlanAction.NOTHING);
        events.clear();
        bucket.apply(context);
        model.apply(context);
        repository.apply(context);
        assertThat(versionCount(s3)).isEqualTo(versions);
        assertThat(messages(LabEvent.Kind.PROGRESS)).filteredOn(m -> m.startsWith("skipped")).hasSize(local.size());
        assertThat(messages(LabEvent.Kind.RESOURCE)).noneMatch(m -> m.startsWith("created"));

        List<Requirement> checks = new ArrayList<>(bucket.verify(context));
        checks.addAll(model.verify(context));
        checks.addAll(repository.verify(context));
        assertThat(checks).hasSizeGreaterThanOrEqualTo(8).allMatch(Requirement::met);

        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(
                v -> v.status(BucketVersioningStatus.SUSPENDED)));
        assertThat(bucket.verify(context)).filteredOn(r -> !r.met()).singleElement()
                .satisfies(r -> assertThat(r.text()).contains("versioning"));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(
                v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.deletePublicAccessBlock(r -> r.bucket(BUCKET));
        assertThat(bucket.verify(context)).filteredOn(r -> !r.met()).singleElement()
                .satisfies(r -> assertThat(r.text()).contains("public access"));
        s3.deleteObject(r -> r.bucket(BUCKET).key("models/sentiment/labels.txt"));
        assertThat(model.verify(context)).singleElement().satisfies(r -> {
            assertThat(r.met()).isFalse();
            assertThat(r.detail()).contains("labels.txt is missing");
        });

        // Old versions and a delete marker must go too before the bucket can.
        s3.putObject(r -> r.bucket(BUCKET).key("models/sentiment/README.md"), RequestBody.fromString("v2"));
        assertThat(versionCount(s3)).isGreaterThan(local.size() + 1);
        assertThat(bucket.inventory(context)).singleElement().satisfies(r -> assertThat(r.name()).isEqualTo(BUCKET));
        assertThat(repository.inventory(context)).singleElement().satisfies(r -> assertThat(r.name()).isEqualTo(LAB));
        assertThat(model.inventory(context)).isEmpty();

        repository.destroy(context);
        model.destroy(context);
        bucket.destroy(context);

        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket(BUCKET))).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> aws.ecr().describeRepositories(r -> r.repositoryNames(LAB)))
                .isInstanceOf(RepositoryNotFoundException.class);
        assertThat(context.state().get(ResourceKey.BUCKET)).isEmpty();
        assertThat(context.state().get(ResourceKey.REPOSITORY_URI)).isEmpty();
        assertThat(bucket.inventory(context)).isEmpty();
        assertThat(repository.inventory(context)).isEmpty();
        // Destroying again finds nothing and does nothing.
        repository.destroy(context);
        bucket.destroy(context);
        assertThat(bucket.plan(context)).isEqualTo(PlanAction.CREATE);
    }

    @Test
    void uploadsAFolderModelAndResumesOnlyTheMissingAndChangedFiles() throws Exception {
        Path folder = Files.createDirectories(home.resolve("tiny"));
        Files.writeString(folder.resolve("model.properties"), "engine=PyTorch\n");
        Files.writeString(folder.resolve("labels.txt"), "negative\npositive\n");
        Files.createDirectories(folder.resolve("extra"));
        Files.writeString(folder.resolve("extra/notes.txt"), "three files in all\n");
        Map<String, String> expected = Map.of(
                "models/tiny/model.properties", "engine=PyTorch\n",
                "models/tiny/labels.txt", "negative\npositive\n",
                "models/tiny/extra/notes.txt", "three files in all\n");
        LabContext context = context(config(folder.toString(), false));
        new IdentityStep().apply(context);
        new BucketStep().apply(context);
        ModelUploadStep model = new ModelUploadStep();
        assertThat(model.plan(context)).isEqualTo(PlanAction.CREATE);
        model.apply(context);

        S3Client s3 = aws.s3();
        expected.forEach((key, text) -> assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String())
                .as(key).isEqualTo(text));
        assertThat(context.state().get(ResourceKey.MODEL_URI)).contains("s3://" + BUCKET + "/models/tiny/");
        assertThat(model.plan(context)).isEqualTo(PlanAction.NOTHING);
        assertThat(versionCount(s3)).isEqualTo(3);

        // An interrupted or tampered upload: one object gone, one with other bytes of the same size.
        s3.deleteObject(r -> r.bucket(BUCKET).key("models/tiny/labels.txt"));
        s3.putObject(r -> r.bucket(BUCKET).key("models/tiny/extra/notes.txt"),
                RequestBody.fromString("THREE FILES IN ALL\n", StandardCharsets.UTF_8));
        int before = versionCount(s3);
        assertThat(model.plan(context)).isEqualTo(PlanAction.CREATE);
        events.clear();
        model.apply(context);

        assertThat(versionCount(s3)).isEqualTo(before + 2);
        assertThat(messages(LabEvent.Kind.PROGRESS)).filteredOn(m -> m.startsWith("skipped")).singleElement()
                .satisfies(m -> assertThat(m).contains("models/tiny/model.properties"));
        expected.forEach((key, text) -> assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String())
                .as(key).isEqualTo(text));
        assertThat(model.verify(context)).allMatch(Requirement::met);
    }

    @Test
    void uploadsAZippedModelUnderTheArchiveName() throws Exception {
        Path archive = home.resolve("zipped.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("model.properties"));
            zip.write("engine=PyTorch\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("labels.txt"));
            zip.write("negative\npositive\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        LabContext context = context(config(archive.toString(), false));
        new IdentityStep().apply(context);
        new BucketStep().apply(context);
        new ModelUploadStep().apply(context);

        assertThat(aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key("models/zipped/labels.txt")).asUtf8String())
                .isEqualTo("negative\npositive\n");
        assertThat(context.state().get(ResourceKey.MODEL_URI)).contains("s3://" + BUCKET + "/models/zipped/");
    }

    @Test
    void copiesAModelFromAnotherBucketWithTheLabsCredentials() {
        S3Client s3 = aws.s3();
        s3.createBucket(r -> r.bucket("source-models"));
        s3.putObject(r -> r.bucket("source-models").key("trained/reviews/model.properties"),
                RequestBody.fromString("engine=PyTorch\n"));
        s3.putObject(r -> r.bucket("source-models").key("trained/reviews/labels.txt"),
                RequestBody.fromString("negative\npositive\n"));
        LabContext context = context(config("s3://source-models/trained/reviews/", false));
        new IdentityStep().apply(context);
        new BucketStep().apply(context);
        new ModelUploadStep().apply(context);

        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("models/reviews/labels.txt")).asUtf8String())
                .isEqualTo("negative\npositive\n");
        assertThat(s3.headObject(r -> r.bucket(BUCKET).key("models/reviews/model.properties")).contentLength())
                .isEqualTo(15);
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET)).contents()).hasSize(2);
    }

    @Test
    void namesTheModelAfterItsFolderArchiveOrPrefix() {
        Path any = Path.of("/tmp/cache/0123abcd");
        assertThat(ModelUploadStep.modelName(null, any)).isEqualTo("sentiment");
        assertThat(ModelUploadStep.modelName("bundled", any)).isEqualTo("sentiment");
        assertThat(ModelUploadStep.modelName("s3://other-bucket/models/reviews/", any)).isEqualTo("reviews");
        assertThat(ModelUploadStep.modelName("/home/me/models/reviews.tar.gz", any)).isEqualTo("reviews");
        assertThat(ModelUploadStep.modelName("file:///home/me/models/reviews", any)).isEqualTo("reviews");
    }

    @Test
    void aCancelledRunUploadsNothing() throws Exception {
        Path folder = Files.createDirectories(home.resolve("cancelled"));
        Files.writeString(folder.resolve("model.properties"), "engine=PyTorch\n");
        LabContext context = context(config(folder.toString(), false));
        new IdentityStep().apply(context);
        new BucketStep().apply(context);
        context.cancel();

        assertThatThrownBy(() -> new ModelUploadStep().apply(context)).isInstanceOf(Retry.CancelledException.class);
        assertThat(versionCount(aws.s3())).isZero();
    }

    @Test
    void keepBucketLeavesTheBucketAndTheModel() throws Exception {
        Path folder = Files.createDirectories(home.resolve("kept"));
        Files.writeString(folder.resolve("model.properties"), "engine=PyTorch\n");
        LabContext context = context(config(folder.toString(), true));
        new IdentityStep().apply(context);
        BucketStep bucket = new BucketStep();
        bucket.apply(context);
        new ModelUploadStep().apply(context);

        bucket.destroy(context);

        assertThat(aws.s3().headObject(r -> r.bucket(BUCKET).key("models/kept/model.properties")).contentLength())
                .isEqualTo(15);
        assertThat(bucket.inventory(context)).hasSize(1);
    }

    @Test
    void adoptsABucketAndRepositoryMadeByHand() {
        aws.s3().createBucket(r -> r.bucket(BUCKET));
        aws.s3().putBucketTagging(r -> r.bucket(BUCKET).tagging(t -> t.tagSet(
                Tag.builder().key("course").value("mlops").build())));
        aws.ecr().createRepository(r -> r.repositoryName(LAB));
        LabContext context = context(config(null, false));
        new IdentityStep().apply(context);
        BucketStep bucket = new BucketStep();
        RepositoryStep repository = new RepositoryStep();
        assertThat(bucket.plan(context)).isEqualTo(PlanAction.ADOPT);
        assertThat(repository.plan(context)).isEqualTo(PlanAction.ADOPT);

        bucket.apply(context);
        repository.apply(context);

        assertThat(messages(LabEvent.Kind.RESOURCE)).contains("adopted bucket " + BUCKET)
                .anyMatch(m -> m.startsWith("adopted repository"));
        assertThat(bucket.plan(context)).isEqualTo(PlanAction.NOTHING);
        // The student's own: recorded as adopted, never tagged as the lab's (the tag is what teardown takes).
        assertThat(context.state().origin(ResourceKey.BUCKET)).contains(LabState.Origin.ADOPTED);
        assertThat(context.state().origin(ResourceKey.REPOSITORY_URI)).contains(LabState.Origin.ADOPTED);
        assertThat(aws.s3().getBucketTagging(r -> r.bucket(BUCKET)).tagSet()).extracting(Tag::key)
                .containsExactly("course");
        assertThat(bucket.verify(context)).allMatch(Requirement::met);
        assertThat(repository.verify(context)).allMatch(Requirement::met);
        Repository repo = aws.ecr().describeRepositories(r -> r.repositoryNames(LAB)).repositories().get(0);
        assertThat(aws.ecr().listTagsForResource(r -> r.resourceArn(repo.repositoryArn())).tags())
                .noneMatch(t -> t.key().equals(LabContext.LAB_TAG));
        // Without its record (destroy drops adopted ids unless the student confirms them), teardown leaves it.
        context.state().remove(ResourceKey.REPOSITORY_URI);
        repository.destroy(context);
        assertThat(aws.ecr().describeRepositories(r -> r.repositoryNames(LAB)).repositories()).hasSize(1);
    }

    @Test
    void verifyAdoptsAHandMadeBucketAndReportsWhatItLacks() {
        aws.s3().createBucket(r -> r.bucket(BUCKET));
        LabContext context = context(config(null, false));
        new IdentityStep().apply(context);
        BucketStep bucket = new BucketStep();

        assertThat(bucket.verify(context)).filteredOn(r -> !r.met()).extracting(Requirement::text)
                .anyMatch(t -> t.contains("versioning")).anyMatch(t -> t.contains("public access"));
        assertThat(context.state().get(ResourceKey.BUCKET)).contains(BUCKET);
        assertThat(bucket.plan(context)).isEqualTo(PlanAction.NOTHING);
    }

    @Test
    void teardownLeavesAnUnrecordedUntaggedBucketAlone() {
        aws.s3().createBucket(r -> r.bucket(BUCKET));
        LabContext context = context(config(null, false));
        new IdentityStep().apply(context);

        aws.ecr().createRepository(r -> r.repositoryName(LAB));

        new BucketStep().destroy(context);
        new RepositoryStep().destroy(context);

        aws.s3().headBucket(r -> r.bucket(BUCKET));
        assertThat(new RepositoryStep().inventory(context)).hasSize(1);
        assertThat(messages(LabEvent.Kind.WARNING)).anyMatch(m -> m.contains("left bucket " + BUCKET + " alone"))
                .anyMatch(m -> m.contains("left repository " + LAB + " alone"));
    }

    @Test
    void aDerivedBucketNameTooLongForS3AsksForBucket(MotoServer moto) {
        try (AwsClients far = AwsClients.create(new AwsTarget("ap-southeast-2", null, moto.endpoint()),
                MotoServer.CREDENTIALS)) {
            LabConfig c = LabConfig.named("a-lab-name-longer-than-allowed");
            LabContext context = TestLabContexts.quick(c, far, store.open(c.lab()), events::add);
            new IdentityStep().apply(context);
            assertThatThrownBy(() -> new BucketStep().apply(context)).hasMessageContaining("--bucket")
                    .hasMessageContaining("63");
        }
    }

    @Test
    void createsTheBucketOutsideUsEast1WithALocationConstraint(MotoServer moto) {
        try (AwsClients far = AwsClients.create(new AwsTarget("eu-west-1", null, moto.endpoint()),
                MotoServer.CREDENTIALS)) {
            LabContext context = TestLabContexts.quick(LabConfig.named(LAB), far, store.open(LAB), events::add);
            new IdentityStep().apply(context);
            new BucketStep().apply(context);
            String bucket = LAB + "-models-123456789012-eu-west-1";
            assertThat(far.s3().getBucketLocation(r -> r.bucket(bucket)).locationConstraintAsString())
                    .isEqualTo("eu-west-1");
            assertThat(new BucketStep().cliEquivalent(context)).contains("LocationConstraint=eu-west-1");
        }
    }
}
