package dev.labconsole.lab.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.image.ImageException;
import dev.labconsole.lab.ImageSupport;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.PushedImage;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.TestLabContexts;
import dev.labconsole.testing.TinyImages;
import dev.labconsole.ui.connect.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image step against moto's ECR and a real registry (Debian's docker-registry) standing in for
 * ECR's registry; images are built and pushed for real by Jib, small ones (the server image's own
 * build is tested in the image package).
 */
@ExtendWith(MotoExtension.class)
class ImageStepTest {

    private static final String LAB = "image-test";

    @TempDir
    Path home;

    private LocalRegistry registry;

    private final List<LabEvent> events = new CopyOnWriteArrayList<>();
    private AwsClients aws;

    @BeforeEach
    void connect(MotoServer moto) throws Exception {
        Optional<Path> executable = LocalRegistry.find();
        Assumptions.assumeTrue(executable.isPresent(),
                "Debian's docker-registry is not installed here (.ci/run installs it): skipped");
        // A registry of its own per test: each starts with an empty repository, as the emulator does.
        registry = LocalRegistry.start(executable.get(), 0, home.resolve("registry"), Duration.ofSeconds(30));
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
    }

    @AfterEach
    void close() {
        if (aws != null) {
            aws.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private LabContext context(LabConfig config, ImageSupport images) {
        return TestLabContexts.quick(config, aws, new LabStateStore(home).open(LAB), events::add, images);
    }

    private static ImageSupport practice(TinyImages publisher, String practiceRegistry) {
        return new ImageSupport(publisher, "unused-base:1", practiceRegistry);
    }


    @Test
    void pushesToThePracticeRegistryRecordsTheDigestAndTheTaskDefinitionNamesIt() throws Exception {
        TinyImages images = new TinyImages("model server v1");
        LabContext context = context(LabConfig.named(LAB), practice(images, registry.hostPort()));
        new IdentityStep().apply(context);
        new RepositoryStep().apply(context);
        String uri = context.state().get(ResourceKey.REPOSITORY_URI).orElseThrow();
        ImageStep step = new ImageStep();
        assertThat(step.plan(context)).isEqualTo(PlanAction.CREATE);
        assertThat(step.verify(context)).singleElement().satisfies(r -> assertThat(r.met()).isFalse());

        step.apply(context);

        String reference = context.state().get(ResourceKey.IMAGE).orElseThrow();
        assertThat(reference).matches(java.util.regex.Pattern.quote(uri) + "@sha256:[0-9a-f]{64}");
        String digest = reference.substring(reference.indexOf('@') + 1);
        assertThat(dev.labconsole.testing.LocalRegistry.manifest(registry.hostPort(), LAB, digest).statusCode())
                .as("the image is in the local registry under that digest").isEqualTo(200);
        // The emulator's repository lists the image too (moto hashes its own re-serialised copy of the
        // manifest, so its digest differs: the registry's is the image's).
        assertThat(aws.ecr().describeImages(r -> r.repositoryName(LAB).imageIds(i -> i.imageTag("latest")))
                .imageDetails()).as("the emulator's repository shows an image tagged latest").hasSize(1);
        assertThat(TaskDefinitionStep.image(context)).isEqualTo(reference);
        assertThat(step.verify(context)).singleElement().satisfies(r -> {
            assertThat(r.met()).isTrue();
            assertThat(r.detail()).startsWith(uri + ":latest (" + digest.substring(0, 19));
        });
        assertThat(events).anySatisfy(e -> assertThat(e.message()).startsWith("pushed " + registry.hostPort() + "/"
                + LAB + ":latest").contains("stands in for ECR"));

        // Applying again finds the image there and builds nothing.
        assertThat(step.plan(context)).isEqualTo(PlanAction.NOTHING);
        step.apply(context);
        assertThat(images.builds()).isEqualTo(1);
        assertThat(context.state().get(ResourceKey.IMAGE)).contains(reference);

        // An emulator that lost its repositories (restarted) gets the registry's image shown again.
        aws.ecr().batchDeleteImage(r -> r.repositoryName(LAB).imageIds(i -> i.imageTag("latest")));
        step.apply(context);
        assertThat(images.builds()).isEqualTo(1);
        assertThat(aws.ecr().describeImages(r -> r.repositoryName(LAB).imageIds(i -> i.imageTag("latest")))
                .imageDetails()).hasSize(1);

        // Teardown takes the image out of the registry standing in for ECR, as deleting the repository does on AWS.
        step.destroy(context);
        assertThat(dev.labconsole.testing.LocalRegistry.manifest(registry.hostPort(), LAB, digest).statusCode()).isEqualTo(404);
        assertThat(ImageStep.latest(context)).isEmpty();
        assertThat(context.state().get(ResourceKey.IMAGE)).isEmpty();
    }

    @Test
    void aNewPushOfChangedCodeGetsANewDigest() {
        LabContext first = context(LabConfig.named(LAB), practice(new TinyImages("v1"), registry.hostPort()));
        new IdentityStep().apply(first);
        new RepositoryStep().apply(first);
        PushedImage v1 = new ImageStep().push(first, null, p -> { });
        LabContext second = context(LabConfig.named(LAB), practice(new TinyImages("v2"), registry.hostPort()));
        PushedImage v2 = new ImageStep().push(second, null, p -> { });

        assertThat(v2.digest()).isNotEqualTo(v1.digest());
        assertThat(second.state().get(ResourceKey.IMAGE)).contains(v2.reference());
        assertThat(ImageStep.latest(second).orElseThrow().digest()).as("latest moved to the new push")
                .isEqualTo(v2.digest());
    }

    @Test
    void practiceModeWithoutARegistryBuildsNothingOnApplyAndWritesAnArchiveOnRequest() throws Exception {
        TinyImages images = new TinyImages("archive me");
        LabContext context = context(LabConfig.named(LAB), practice(images, null));
        new IdentityStep().apply(context);
        new RepositoryStep().apply(context);

        new ImageStep().apply(context);

        assertThat(images.builds()).isZero();
        assertThat(context.state().get(ResourceKey.IMAGE)).isEmpty();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(LabEvent.Kind.WARNING);
            assertThat(e.message()).startsWith("practice mode without a local registry");
        });
        List<Requirement> unmet = new ImageStep().verify(context);
        assertThat(unmet).singleElement().satisfies(r -> assertThat(r.detail()).contains("needs a local registry"));

        Path archive = home.resolve("image.tar");
        PushedImage written = new ImageStep().push(context, archive, p -> { });
        assertThat(written.archive()).isEqualTo(archive);
        assertThat(written.pushedTo()).isNull();
        assertThat(Files.size(archive)).isPositive();
        Process list = new ProcessBuilder("tar", "-tf", archive.toString()).redirectErrorStream(true).start();
        assertThat(new String(list.getInputStream().readAllBytes())).contains("manifest.json");
        assertThat(context.state().get(ResourceKey.IMAGE)).as("a file is not a deployed image").isEmpty();
    }

    @Test
    void aStudentsOwnImageIsUsedAsItIs() {
        LabConfig own = LabConfig.named(LAB);
        own = new LabConfig(own.lab(), own.vpcCidr(), own.publicSubnetCidrs(), own.privateSubnetCidrs(),
                own.listenerPort(), own.containerPort(), own.healthCheckPath(), own.desiredCount(), own.cpu(),
                own.memoryMiB(), own.logRetentionDays(), own.bucketName(), "ghcr.io/student/server:2", own.taskRoleArn(),
                own.executionRoleArn(), own.modelUri(), own.keepBucket());
        TinyImages images = new TinyImages("unused");
        LabContext context = context(own, practice(images, registry.hostPort()));

        new ImageStep().apply(context);

        assertThat(images.builds()).isZero();
        assertThat(context.state().get(ResourceKey.IMAGE)).contains("ghcr.io/student/server:2");
        assertThat(new ImageStep().plan(context)).isEqualTo(PlanAction.NOTHING);
        assertThat(new ImageStep().verify(context)).singleElement().satisfies(r -> assertThat(r.met()).isTrue());
    }

    @Test
    void pushingWithoutARepositorySaysToCreateItFirst() {
        LabContext context = context(LabConfig.named(LAB), practice(new TinyImages("x"), registry.hostPort()));
        new IdentityStep().apply(context);

        assertThatThrownBy(() -> new ImageStep().push(context, null, p -> { }))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("create it first (Registry > Create");
    }
}
