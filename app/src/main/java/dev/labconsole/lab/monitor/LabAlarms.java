package dev.labconsole.lab.monitor;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.lab.Arns;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/**
 * The lab's three CloudWatch alarms: the service answering 5xx, a task failing its health checks, CPU high.
 * They only change state (no notification: that would need an SNS topic and a confirmed e-mail); the
 * Monitoring page shows them, and they belong to the lab: listed in its inventory and deleted by teardown.
 */
public final class LabAlarms {

    /** A standard-resolution alarm's list price, $0.10 a month, per hour. */
    public static final double HOURLY_USD = 0.10 / 730;

    /** What each alarm watches. */
    public enum Kind {
        SERVER_ERRORS("5xx", "more than 5 HTTP 5xx answers from the service in a minute"),
        UNHEALTHY_TASKS("unhealthy-tasks", "a task failing the load balancer's health checks for 2 minutes"),
        CPU_HIGH("cpu-high", "the service's CPU above 80 % for 3 minutes");

        private final String suffix;
        private final String meaning;

        Kind(String suffix, String meaning) {
            this.suffix = suffix;
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    /**
     * An alarm as CloudWatch reports it now.
     *
     * @param state OK, ALARM or INSUFFICIENT_DATA (no data yet: normal before traffic)
     * @param reason CloudWatch's reason for the state
     */
    public record Alarm(Kind kind, String name, String state, String reason) {
    }

    private final AwsClients aws;
    private final String lab;

    public LabAlarms(AwsClients aws, String lab) {
        this.aws = aws;
        this.lab = lab;
    }

    /** The alarm's name: {@code <lab>-5xx}, {@code <lab>-unhealthy-tasks}, {@code <lab>-cpu-high}. */
    public String name(Kind kind) {
        return lab + "-" + kind.suffix;
    }

    /** Creates (or updates: PutMetricAlarm replaces an alarm of the same name) the alarms for what exists. */
    public List<Alarm> create(LabMetrics.Resources resources) {
        if (resources.loadBalancerArn() == null || resources.targetGroupArn() == null
                || resources.clusterArn() == null || resources.serviceArn() == null) {
            throw new AwsProblem("the alarms watch the load balancer, its target group and the ECS service: create"
                    + " the Containers section first", null, null);
        }
        String balancer = Arns.loadBalancerDimension(resources.loadBalancerArn());
        String group = Arns.targetGroupDimension(resources.targetGroupArn());
        String cluster = Arns.lastPart(resources.clusterArn());
        String service = Arns.lastPart(resources.serviceArn());
        try {
            put(Kind.SERVER_ERRORS, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", Statistic.SUM, 5,
                    ComparisonOperator.GREATER_THAN_THRESHOLD, 1, List.of(dimension("LoadBalancer", balancer)));
            put(Kind.UNHEALTHY_TASKS, "AWS/ApplicationELB", "UnHealthyHostCount", Statistic.MAXIMUM, 1,
                    ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 2,
                    List.of(dimension("TargetGroup", group), dimension("LoadBalancer", balancer)));
            put(Kind.CPU_HIGH, "AWS/ECS", "CPUUtilization", Statistic.AVERAGE, 80,
                    ComparisonOperator.GREATER_THAN_THRESHOLD, 3,
                    List.of(dimension("ClusterName", cluster), dimension("ServiceName", service)));
        } catch (RuntimeException e) {
            throw AwsErrors.explain("creating the lab's alarms", e);
        }
        return states();
    }

    private void put(Kind kind, String namespace, String metric, Statistic statistic, double threshold,
            ComparisonOperator operator, int minutes, List<Dimension> dimensions) {
        aws.cloudWatch().putMetricAlarm(r -> r.alarmName(name(kind)).alarmDescription("Lab Console, lab " + lab + ": "
                        + kind.meaning())
                .namespace(namespace).metricName(metric).statistic(statistic).dimensions(dimensions)
                .period(60).evaluationPeriods(minutes).datapointsToAlarm(minutes).threshold(threshold)
                .comparisonOperator(operator).treatMissingData("notBreaching")
                .tags(Tag.builder().key("labconsole:lab").value(lab).build()));
    }

    /** The lab's alarms that exist now, in {@link Kind} order. */
    public List<Alarm> states() {
        List<String> names = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            names.add(name(kind));
        }
        List<MetricAlarm> found;
        try {
            found = aws.cloudWatch().describeAlarms(r -> r.alarmNames(names)).metricAlarms();
        } catch (RuntimeException e) {
            throw AwsErrors.explain("reading the lab's alarms", e);
        }
        List<Alarm> alarms = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            found.stream().filter(a -> a.alarmName().equals(name(kind))).findFirst().ifPresent(a -> alarms.add(
                    new Alarm(kind, a.alarmName(), a.stateValueAsString(), a.stateReason())));
        }
        return alarms;
    }

    /** Deletes the lab's alarms; returns how many there were. */
    public int delete() {
        List<Alarm> existing = states();
        if (!existing.isEmpty()) {
            try {
                aws.cloudWatch().deleteAlarms(r -> r.alarmNames(existing.stream().map(Alarm::name).toList()));
            } catch (RuntimeException e) {
                throw AwsErrors.explain("deleting the lab's alarms", e);
            }
        }
        return existing.size();
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

}
