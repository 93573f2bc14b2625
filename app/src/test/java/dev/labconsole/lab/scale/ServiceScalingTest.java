package dev.labconsole.lab.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Autoscaling against the emulator's Application Auto Scaling: registered, read back, changed, removed. */
@ExtendWith(MotoExtension.class)
class ServiceScalingTest {

    private static final double PER_TASK = 0.0538;

    private MotoServer moto;
    private AwsClients aws;
    private ServiceScaling.Service service;

    @BeforeEach
    void labService(MotoServer moto) {
        this.moto = moto;
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        String cluster = aws.ecs().createCluster(r -> r.clusterName("lab-cluster")).cluster().clusterArn();
        aws.ecs().registerTaskDefinition(r -> r.family("lab").containerDefinitions(c -> c.name("lab").image("img")
                .memory(512)));
        String arn = aws.ecs().createService(r -> r.cluster(cluster).serviceName("lab-service").taskDefinition("lab")
                .desiredCount(2)).service().serviceArn();
        service = new ServiceScaling.Service(cluster, arn,
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab-alb/50dc6c495c0c9188",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lab-tg/73e2d6bc24d8a067");
    }

    @AfterEach
    void close() {
        aws.close();
        moto.reset();
    }

    @Test
    void theServiceIsRegisteredWithATargetTrackingPolicyChangedAndRemoved() {
        ServiceScaling scaling = new ServiceScaling(aws, "lab", PER_TASK);
        assertThat(scaling.read(service)).isEmpty();

        ServiceScaling.Status status = scaling.apply(service, ServiceScaling.parse(2, 6, "requests", 500).request());

        assertThat(status.minTasks()).isEqualTo(2);
        assertThat(status.maxTasks()).isEqualTo(6);
        assertThat(status.metric()).isEqualTo(ServiceScaling.Metric.REQUESTS_PER_TASK);
        assertThat(status.target()).isEqualTo(500);
        assertThat(status.maxHourlyUsd()).isEqualTo(6 * PER_TASK);
        var policy = aws.autoScaling().describeScalingPolicies(r -> r.serviceNamespace("ecs")).scalingPolicies().get(0);
        assertThat(policy.targetTrackingScalingPolicyConfiguration().predefinedMetricSpecification().resourceLabel())
                .isEqualTo("app/lab-alb/50dc6c495c0c9188/targetgroup/lab-tg/73e2d6bc24d8a067");

        ServiceScaling.Status changed = scaling.apply(service, ServiceScaling.parse(1, 3, "cpu", 60).request());
        assertThat(changed.maxTasks()).isEqualTo(3);
        assertThat(changed.metric()).isEqualTo(ServiceScaling.Metric.CPU);
        assertThat(aws.autoScaling().describeScalableTargets(r -> r.serviceNamespace("ecs")).scalableTargets())
                .hasSize(1);

        // Target tracking makes its own CloudWatch alarms; removing the scaling takes them away too.
        assertThat(aws.cloudWatch().describeAlarms().metricAlarms()).isNotEmpty();
        assertThat(scaling.remove(service)).isTrue();
        assertThat(scaling.read(service)).isEmpty();
        assertThat(aws.cloudWatch().describeAlarms().metricAlarms()).isEmpty();
        assertThat(scaling.remove(service)).isFalse();
    }

    @Test
    void withoutAServiceNothingIsRegisteredAndItSaysWhatToCreate() {
        ServiceScaling scaling = new ServiceScaling(aws, "lab", PER_TASK);
        ServiceScaling.Service none = new ServiceScaling.Service(null, null, null, null);
        assertThatThrownBy(() -> scaling.apply(none, ServiceScaling.parse(1, 2, "cpu", 50).request()))
                .isInstanceOf(AwsProblem.class).hasMessageContaining("create the service first");
        ServiceScaling.Service noBalancer = new ServiceScaling.Service(service.clusterArn(), service.serviceArn(), null,
                null);
        assertThatThrownBy(() -> scaling.apply(noBalancer, ServiceScaling.parse(1, 2, "requests", 50).request()))
                .isInstanceOf(AwsProblem.class).hasMessageContaining("scale on cpu");
        assertThat(aws.autoScaling().describeScalableTargets(r -> r.serviceNamespace("ecs")).scalableTargets()).isEmpty();
    }

    @Test
    void badBoundsAndTargetsAreRefusedBeforeAnyCall() {
        record Case(int min, int max, String metric, double target, String problem) {
        }
        for (Case c : List.of(
                new Case(3, 2, "cpu", 50, "above the maximum"),
                new Case(0, 2, "cpu", 50, "minimum must be between 1 and 10"),
                new Case(1, 11, "cpu", 50, "maximum must be between 1 and 10"),
                new Case(1, 2, "memory", 50, "'requests'"),
                new Case(1, 2, "cpu", 95, "between 10 and 90"),
                new Case(1, 2, "requests", 0, "between 1 and 100000"))) {
            ServiceScaling.Parsed parsed = ServiceScaling.parse(c.min(), c.max(), c.metric(), c.target());
            assertThat(parsed.ok()).as(c.toString()).isFalse();
            assertThat(parsed.problems()).as(c.toString()).singleElement().asString().contains(c.problem());
        }
    }
}
