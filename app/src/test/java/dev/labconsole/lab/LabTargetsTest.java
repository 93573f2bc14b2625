package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Task;

/** Target health read back from the moto server, the way the Test page shows it. */
@ExtendWith(MotoExtension.class)
class LabTargetsTest {

    @Test
    void withoutATargetGroupItSaysToCreateTheLoadBalancerFirst(MotoServer moto) {
        try (AwsClients aws = clients(moto)) {
            LabTargets targets = new LabTargets(aws.elb(), aws.ecs(), new LabState("targets-none"));

            assertThatThrownBy(targets::health).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("create the load balancer first");
        }
    }

    @Test
    void eachRegisteredTargetIsListedWithItsStateAndPort(MotoServer moto) {
        try (AwsClients aws = clients(moto)) {
            String vpc = aws.ec2().createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            String group = aws.elb().createTargetGroup(b -> b.name("targets-health").protocol("HTTP").port(8000)
                    .vpcId(vpc).targetType("ip").healthCheckPath("/health")).targetGroups().get(0).targetGroupArn();
            LabState state = new LabState("targets-health");
            state.put(ResourceKey.TARGET_GROUP, group);
            // A cluster and a service whose tasks ECS cannot list yet: the targets still show, by address.
            String cluster = aws.ecs().createCluster(b -> b.clusterName("targets-health")).cluster().clusterArn();
            state.put(ResourceKey.CLUSTER, cluster);
            state.put(ResourceKey.SERVICE, "arn:aws:ecs:us-east-1:123456789012:service/targets-health/model");
            LabTargets targets = new LabTargets(aws.elb(), aws.ecs(), state);

            assertThat(targets.health()).as("no task registered yet").isEmpty();

            aws.elb().registerTargets(b -> b.targetGroupArn(group).targets(t -> t.id("10.0.3.17").port(8000)));
            List<LabTargets.TargetHealth> health = targets.health();

            assertThat(health).singleElement().satisfies(target -> {
                assertThat(target.address()).isEqualTo("10.0.3.17");
                assertThat(target.port()).isEqualTo(8000);
                assertThat(target.task()).isEmpty();
                // moto reports every registered target healthy; AWS would say "initial" first.
                assertThat(target.state()).isEqualTo("healthy");
                assertThat(target.healthy()).isTrue();
                assertThat(target).hasToString("10.0.3.17:8000: healthy");
            });
        }
    }

    @Test
    void aTaskIsFoundByThePrivateAddressOfItsNetworkInterface() {
        Task task = Task.builder().taskArn("arn:aws:ecs:us-east-1:123456789012:task/lab/0f1e2d3c4b5a")
                .attachments(Attachment.builder().type("ElasticNetworkInterface").details(
                        KeyValuePair.builder().name("subnetId").value("subnet-1").build(),
                        KeyValuePair.builder().name("privateIPv4Address").value("10.0.3.17").build()).build())
                .build();
        Task starting = Task.builder().taskArn("arn:aws:ecs:us-east-1:123456789012:task/lab/99aa").build();

        assertThat(LabTargets.addressesOf(List.of(task, starting))).containsExactly(
                java.util.Map.entry("10.0.3.17", "0f1e2d3c4b5a"));

        LabTargets.TargetHealth unhealthy = new LabTargets.TargetHealth("10.0.3.17", 8000, "0f1e2d3c4b5a",
                "unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [404]");
        assertThat(unhealthy.healthy()).isFalse();
        assertThat(unhealthy).hasToString(
                "task 0f1e2d3c4b5a (10.0.3.17:8000): unhealthy - Health checks failed with these codes: [404]");
    }

    private static AwsClients clients(MotoServer moto) {
        return AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
    }
}
