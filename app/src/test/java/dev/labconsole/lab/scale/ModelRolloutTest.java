package dev.labconsole.lab.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;
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
        // Plain moto keeps one deployment and starts no other for a new revision (AWS does, and so does the
        // AWS-like emulator: see the test below): only its shape is checked here.
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

    /**
     * Through the AWS-like emulator, which runs ECS's rolling deployment (1/20 of AWS's time: 3 s to start the
     * tasks, 1 s of health checks, 1.5 s of draining): the rollout runs beside the old tasks, a second rollout
     * or a roll back is refused until it completes, and the deployment carries the circuit breaker and the
     * lab's alarm as a rollback trigger.
     */
    @Test
    void aRolloutRunsBesideTheOldTasksAndAnotherWaitsUntilItCompletes() throws Exception {
        aws.cloudWatch().putMetricAlarm(r -> r.alarmName("lab-cpu-high").namespace("AWS/ECS").metricName("CPUUtilization")
                .statistic("Average").period(60).evaluationPeriods(3).threshold(80.0)
                .comparisonOperator("GreaterThanThreshold"));
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), new EmulatorSettings(0.05, 0, Set.of(), 0, false));
                AwsClients viaProxy = AwsClients.create(new AwsTarget("us-east-1", null, proxy.endpoint()),
                        MotoServer.CREDENTIALS)) {
            String vpc = viaProxy.ec2().createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
            String group = viaProxy.elb().createTargetGroup(r -> r.name("lab-tg").protocol("HTTP").port(8000).vpcId(vpc)
                    .targetType("ip").healthCheckIntervalSeconds(10).healthyThresholdCount(2))
                    .targetGroups().get(0).targetGroupArn();
            viaProxy.elb().modifyTargetGroupAttributes(r -> r.targetGroupArn(group).attributes(
                    a -> a.key("deregistration_delay.timeout_seconds").value("30")));
            String first = running();
            String balanced = viaProxy.ecs().createService(r -> r.cluster(cluster).serviceName("lab-balanced")
                    .taskDefinition(first).desiredCount(2)
                    .loadBalancers(b -> b.targetGroupArn(group).containerName("lab").containerPort(8000)))
                    .service().serviceArn();
            ModelRollout watched = new ModelRollout(viaProxy,
                    new ModelRollout.Target(cluster, balanced, "lab-models", "sentiment", "lab"));
            for (String version : new String[] {"v2", "v3"}) {
                Path folder = Files.createDirectories(temp.resolve(version));
                Files.writeString(folder.resolve("model.pt"), "weights " + version);
                watched.upload(folder, version);
            }

            // The new service's own first deployment takes its tasks' start time (3 s here) before a rollout may start.
            until(watched, w -> !w.inProgress());

            ModelRollout.Move out = watched.rollOut("v2");

            assertThat(out.safety()).isEqualTo(new ModelRollout.Safety(true, true, java.util.List.of("lab-cpu-high")));
            ModelRollout.Watch starting = watched.watch();
            assertThat(starting.inProgress()).isTrue();
            assertThat(starting.safety()).as("what the service itself reports").isEqualTo(out.safety());
            assertThat(starting.deployments()).extracting(ModelRollout.DeploymentView::status)
                    .containsExactly("PRIMARY", "ACTIVE");
            ModelRollout.DeploymentView incoming = starting.deployments().get(0);
            ModelRollout.DeploymentView outgoing = starting.deployments().get(1);
            assertThat(incoming.taskDefinition()).isEqualTo(out.toTaskDefinition());
            assertThat(incoming.modelUri()).isEqualTo("s3://lab-models/models/sentiment/v2/");
            assertThat(incoming.stage()).isEqualTo(ModelRollout.Stage.STARTING);
            assertThat(incoming.pending()).isEqualTo(2);
            assertThat(outgoing.taskDefinition()).isEqualTo(first);
            assertThat(outgoing.modelUri()).isEqualTo("s3://lab-models/models/sentiment/");
            assertThat(outgoing.stage()).isEqualTo(ModelRollout.Stage.SERVING);
            assertThat(starting.events().get(0).message()).contains("has started 2 tasks");

            int revisions = aws.ecs().listTaskDefinitions().taskDefinitionArns().size();
            assertThatThrownBy(() -> watched.rollOut("v3")).isInstanceOf(AwsProblem.class)
                    .hasMessageContaining("still in progress").hasMessageContaining("lab:1 -> lab:2");
            assertThatThrownBy(watched::rollBack).isInstanceOf(AwsProblem.class).hasMessageContaining("still in progress");
            assertThatThrownBy(watched::refuseWhileDeploying).isInstanceOf(AwsProblem.class);
            assertThat(aws.ecs().listTaskDefinitions().taskDefinitionArns()).as("nothing registered").hasSize(revisions);

            ModelRollout.Watch draining = until(watched, w -> w.deployments().size() == 2
                    && w.deployments().get(1).stage() == ModelRollout.Stage.DRAINING);
            assertThat(draining.deployments().get(0).stage()).isEqualTo(ModelRollout.Stage.RUNNING);
            assertThat(draining.events()).extracting(ModelRollout.ServiceEvent::message)
                    .anyMatch(m -> m.contains("has begun draining connections on 2 tasks"));

            ModelRollout.Watch done = until(watched, w -> !w.inProgress());
            assertThat(done.deployments()).singleElement().satisfies(d -> {
                assertThat(d.stage()).isEqualTo(ModelRollout.Stage.COMPLETED);
                assertThat(d.modelUri()).endsWith("/v2/");
                assertThat(d.running()).isEqualTo(2);
            });
            assertThat(done.events().get(1).message()).endsWith("deployment completed.");

            ModelRollout.Move back = watched.rollBack();
            assertThat(back.toTaskDefinition()).isEqualTo(first);
            assertThat(watched.watch().inProgress()).isTrue();
            assertThat(watched.watch().primary().orElseThrow().taskDefinition()).isEqualTo(first);
        }
    }

    private static ModelRollout.Watch until(ModelRollout rollout, Predicate<ModelRollout.Watch> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        ModelRollout.Watch watch = rollout.watch();
        while (!done.test(watch) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            watch = rollout.watch();
        }
        assertThat(done).as("the deployment reached the state awaited; last seen: " + watch).accepts(watch);
        return watch;
    }
}
