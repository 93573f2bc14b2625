package dev.labconsole.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/** Section 6 against the emulator's CloudWatch: metrics put by the test come back per series; alarms live and die. */
@ExtendWith(MotoExtension.class)
class LabMonitorTest {

    private static final String BALANCER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab-alb/50dc6c495c0c9188";
    private static final String GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lab-tg/73e2d6bc24d8a067";
    private static final String CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/lab-cluster";
    private static final String SERVICE = "arn:aws:ecs:us-east-1:123456789012:service/lab-cluster/lab-service";
    private static final LabMetrics.Resources ALL = new LabMetrics.Resources(BALANCER, GROUP, CLUSTER, SERVICE);

    private MotoServer moto;
    private AwsClients aws;

    @BeforeEach
    void fresh(MotoServer moto) {
        this.moto = moto;
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
    }

    @AfterEach
    void close() {
        aws.close();
        moto.reset();
    }

    private void put(String namespace, String metric, double value, Instant at, Dimension... dimensions) {
        aws.cloudWatch().putMetricData(r -> r.namespace(namespace).metricData(d -> d.metricName(metric).value(value)
                .timestamp(at).unit(StandardUnit.NONE).dimensions(dimensions)));
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    @Test
    void eachSeriesHoldsItsOwnMetricAndARefreshWithinAMinuteAsksNothing() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30);
        Dimension balancer = dimension("LoadBalancer", "app/lab-alb/50dc6c495c0c9188");
        put("AWS/ApplicationELB", "RequestCount", 7, now.minus(Duration.ofMinutes(5)), balancer);
        put("AWS/ApplicationELB", "RequestCount", 3, now.minus(Duration.ofMinutes(5)), balancer);
        put("AWS/ApplicationELB", "RequestCount", 4, now.minus(Duration.ofMinutes(3)), balancer);
        put("AWS/ECS", "CPUUtilization", 42, now.minus(Duration.ofMinutes(2)), dimension("ClusterName", "lab-cluster"),
                dimension("ServiceName", "lab-service"));
        // Another load balancer's traffic is not the lab's.
        put("AWS/ApplicationELB", "RequestCount", 1000, now.minus(Duration.ofMinutes(4)),
                dimension("LoadBalancer", "app/other/1"));
        AtomicReference<Instant> clock = new AtomicReference<>(now);
        LabMetrics metrics = new LabMetrics(aws, ALL, clockOf(clock));

        LabMetrics.Snapshot first = metrics.fetch(MetricRange.MINUTES_15);

        assertThat(first.empty()).isFalse();
        assertThat(first.notes()).isEmpty();
        assertThat(first.series()).extracting(MetricSeries::metric).containsExactly(LabMetric.values());
        assertThat(series(first, LabMetric.REQUESTS)).extracting(MetricSeries.Point::value).containsExactly(10.0, 4.0);
        assertThat(series(first, LabMetric.CPU)).extracting(MetricSeries.Point::value).containsExactly(42.0);
        assertThat(series(first, LabMetric.HTTP_5XX)).isEmpty();

        put("AWS/ApplicationELB", "RequestCount", 5, now.minus(Duration.ofMinutes(1)), balancer);
        clock.set(now.plusSeconds(30));
        assertThat(metrics.fetch(MetricRange.MINUTES_15)).isSameAs(first);
        clock.set(now.plusSeconds(61));
        assertThat(series(metrics.fetch(MetricRange.MINUTES_15), LabMetric.REQUESTS))
                .extracting(MetricSeries.Point::value).containsExactly(10.0, 4.0, 5.0);
    }

    @Test
    void withNothingBuiltThereAreNoSeriesAndTheNotesSayWhy() {
        LabMetrics.Snapshot snapshot = new LabMetrics(aws, new LabMetrics.Resources(null, null, null, null),
                Clock.systemUTC()).fetch(MetricRange.HOUR_1);

        assertThat(snapshot.series()).isEmpty();
        assertThat(snapshot.empty()).isTrue();
        assertThat(snapshot.notes()).hasSize(2).anySatisfy(n -> assertThat(n).contains("no load balancer yet"));
    }

    @Test
    void alarmsAreCreatedShowTheirStateAndAreDeleted() {
        LabAlarms alarms = new LabAlarms(aws, "lab");
        assertThatThrownBy(() -> alarms.create(new LabMetrics.Resources(BALANCER, GROUP, null, null)))
                .isInstanceOf(AwsProblem.class).hasMessageContaining("Containers");
        assertThat(alarms.states()).isEmpty();

        assertThat(alarms.create(ALL)).extracting(LabAlarms.Alarm::name)
                .containsExactly("lab-5xx", "lab-unhealthy-tasks", "lab-cpu-high");
        aws.cloudWatch().setAlarmState(r -> r.alarmName("lab-5xx").stateValue("ALARM")
                .stateReason("test: 12 answers with 5xx"));

        assertThat(alarms.states()).filteredOn(a -> a.kind() == LabAlarms.Kind.SERVER_ERRORS).singleElement()
                .satisfies(a -> {
                    assertThat(a.state()).isEqualTo("ALARM");
                    assertThat(a.reason()).contains("12 answers");
                });
        assertThat(alarms.delete()).isEqualTo(3);
        assertThat(alarms.states()).isEmpty();
        assertThat(alarms.delete()).isZero();
    }

    private static java.util.List<MetricSeries.Point> series(LabMetrics.Snapshot snapshot, LabMetric metric) {
        return snapshot.series().stream().filter(s -> s.metric() == metric).findFirst().orElseThrow().points();
    }

    private static Clock clockOf(AtomicReference<Instant> now) {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }
}
