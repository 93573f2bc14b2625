package dev.labconsole.lab.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A model version uploaded, rolled out as a new revision and rolled back, against the emulator's S3 and ECS. */
@ExtendWith(MotoExtension.class)
class ModelRolloutTest {

    @TempDir
    Path temp;

    private MotoServer moto;
    private AwsClients aws;
    private ModelRollout rollout;
    private String cluster;
    private String service;

    @BeforeEach
    void labService(MotoServer moto) {
        this.moto = moto;
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        aws.s3().createBucket(r -> r.bucket("lab-models"));
        aws.s3().putObject(r -> r.bucket("lab-models").key("models/sentiment/model.pt"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("weights v1"));
        cluster = aws.ecs().createCluster(r -> r.clusterName("lab-cluster")).cluster().clusterArn();
        String first = aws.ecs().registerTaskDefinition(r -> r.family("lab").cpu("1024").memory("3072")
                .networkMode("awsvpc").requiresCompatibilitiesWithStrings("FARGATE")
                .containerDefinitions(c -> c.name("lab").image("server@sha256:abc").environment(
                        e -> e.name("MODEL_URI").value("s3://lab-models/models/sentiment/"),
                        e -> e.name("PORT").value("8000")))).taskDefinition().taskDefinitionArn();
        service = aws.ecs().createService(r -> r.cluster(cluster).serviceName("lab-service").taskDefinition(first)
                .desiredCount(2)).service().serviceArn();
        rollout = new ModelRollout(aws, new ModelRollout.Target(cluster, service, "lab-models", "sentiment"));
    }

    @AfterEach
    void close() {
        aws.close();
        moto.reset();
    }

    private String running() {
        return aws.ecs().describeServices(r -> r.cluster(cluster).services(service)).services().get(0).taskDefinition();
    }

    @Test
    void aNewVersionRollsOutAsANewRevisionAndRollsBack() throws Exception {
        Path v2 = Files.createDirectories(temp.resolve("model-v2"));
        Files.writeString(v2.resolve("model.pt"), "weights v2");
        Files.writeString(Files.createDirectories(v2.resolve("tokenizer")).resolve("tokenizer.json"), "{}");
        String before = running();

        assertThat(rollout.upload(v2, "v2")).isEqualTo("s3://lab-models/models/sentiment/v2/");
        assertThat(rollout.versions()).containsExactly("v2");
        assertThat(aws.s3().listObjectsV2(r -> r.bucket("lab-models").prefix("models/sentiment/v2/")).contents())
                .extracting(o -> o.key()).containsExactlyInAnyOrder("models/sentiment/v2/model.pt",
                        "models/sentiment/v2/tokenizer/tokenizer.json");

        ModelRollout.Move out = rollout.rollOut("v2");

        assertThat(out.fromTaskDefinition()).isEqualTo(before);
        assertThat(out.toTaskDefinition()).endsWith("task-definition/lab:2");
        assertThat(running()).isEqualTo(out.toTaskDefinition());
        var definition = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(out.toTaskDefinition())).taskDefinition();
        assertThat(definition.containerDefinitions().get(0).environment()).extracting(e -> e.name() + "=" + e.value())
                .containsExactlyInAnyOrder("MODEL_URI=s3://lab-models/models/sentiment/v2/", "PORT=8000");
        assertThat(definition.cpu()).isEqualTo("1024");
        // The emulator keeps one deployment and does not start another for a new revision (AWS does): only its
        // shape is checked here.
        assertThat(rollout.deployments()).anySatisfy(d -> {
            assertThat(d.status()).isEqualTo("PRIMARY");
            assertThat(d.modelUri()).startsWith("s3://lab-models/models/sentiment/");
        });

        ModelRollout.Move back = rollout.rollBack();

        assertThat(back.toTaskDefinition()).isEqualTo(before);
        assertThat(back.modelUri()).isEqualTo("s3://lab-models/models/sentiment/");
        assertThat(running()).isEqualTo(before);
        assertThatThrownBy(rollout::rollBack).isInstanceOf(AwsProblem.class).hasMessageContaining("nothing to roll back");
    }

    @Test
    void aVersionThatIsNotThereOrABadNameIsRefusedAndTheServiceIsUntouched() throws Exception {
        String before = running();
        assertThatThrownBy(() -> rollout.rollOut("v9")).isInstanceOf(AwsProblem.class)
                .hasMessageContaining("no version v9").hasMessageContaining("upload it first");
        assertThatThrownBy(() -> rollout.rollOut("../v1")).isInstanceOf(AwsProblem.class)
                .hasMessageContaining("letters, digits");
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> rollout.upload(empty, "v3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no files");
        Path v2 = Files.createDirectories(temp.resolve("v2"));
        Files.writeString(v2.resolve("model.pt"), "w");
        rollout.upload(v2, "v2");
        assertThatThrownBy(() -> rollout.upload(v2, "v2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already in the bucket");
        assertThat(running()).isEqualTo(before);
        assertThat(aws.ecs().listTaskDefinitions().taskDefinitionArns()).hasSize(1);
    }
}
