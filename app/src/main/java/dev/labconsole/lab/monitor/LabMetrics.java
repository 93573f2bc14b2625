package dev.labconsole.lab.monitor;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.lab.Arns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * The lab's metrics from CloudWatch {@code GetMetricData}: one call per refresh for every series, and at
 * most one refresh a minute per range (the load balancer's and ECS's metrics arrive per minute; asking
 * more often costs API calls and shows nothing new).
 */
public final class LabMetrics {

    /** The shortest time between two calls to CloudWatch for the same range. */
    public static final Duration MIN_REFRESH = Duration.ofMinutes(1);

    /**
     * The lab's resources the metrics are about, as recorded (any may be null: its metrics are then left out).
     */
    public record Resources(String loadBalancerArn, String targetGroupArn, String clusterArn, String serviceArn) {
    }

    /**
     * What CloudWatch had for a range when asked.
     *
     * @param notes why a group of metrics is missing (nothing built yet), in the student's words
     */
    public record Snapshot(MetricRange range, Instant from, Instant to, Instant fetchedAt, List<MetricSeries> series,
            List<String> notes) {

        public Snapshot {
            series = List.copyOf(series);
            notes = List.copyOf(notes);
        }

        /** Whether no series has a single point (a lab with no traffic yet, or metrics not arrived yet). */
        public boolean empty() {
            return series.stream().allMatch(s -> s.points().isEmpty());
        }
    }

    private final AwsClients aws;
    private final Resources resources;
    private final Clock clock;
    private final Map<MetricRange, Snapshot> last = new EnumMap<>(MetricRange.class);

    public LabMetrics(AwsClients aws, Resources resources, Clock clock) {
        this.aws = aws;
        this.resources = resources;
        this.clock = clock;
    }

    /** The resources this reader asks about. */
    public Resources resources() {
        return resources;
    }

    /** The metrics over {@code range} ending now; the previous snapshot when it is less than a minute old. */
    public synchronized Snapshot fetch(MetricRange range) {
        Instant now = clock.instant();
        Snapshot previous = last.get(range);
        if (previous != null && Duration.between(previous.fetchedAt(), now).compareTo(MIN_REFRESH) < 0) {
            return previous;
        }
        Instant to = now.truncatedTo(ChronoUnit.MINUTES);
        Instant from = to.minus(range.span());
        List<String> notes = new ArrayList<>();
        List<LabMetric> asked = new ArrayList<>();
        List<MetricDataQuery> queries = new ArrayList<>();
        for (LabMetric metric : LabMetric.values()) {
            List<Dimension> dimensions = dimensions(metric.source());
            if (dimensions == null) {
                continue;
            }
            asked.add(metric);
            queries.add(MetricDataQuery.builder().id("m" + metric.ordinal()).label(metric.label())
                    .metricStat(s -> s.metric(m -> m.namespace(metric.namespace()).metricName(metric.metricName())
                                    .dimensions(dimensions))
                            .period((int) range.period().toSeconds()).stat(metric.statistic()))
                    .returnData(true).build());
        }
        if (resources.loadBalancerArn() == null) {
            notes.add("no load balancer yet: its requests, response times and errors appear once it exists");
        }
        if (resources.serviceArn() == null || resources.clusterArn() == null) {
            notes.add("no ECS service yet: its CPU and memory appear once it runs");
        }
        Map<String, List<MetricSeries.Point>> points = new java.util.HashMap<>();
        if (!queries.isEmpty()) {
            try {
                String token = null;
                do {
                    String next = token;
                    GetMetricDataResponse page = aws.cloudWatch().getMetricData(r -> r.metricDataQueries(queries)
                            .startTime(from).endTime(to).nextToken(next));
                    for (MetricDataResult result : page.metricDataResults()) {
                        List<MetricSeries.Point> series = points.computeIfAbsent(result.id(), id -> new ArrayList<>());
                        for (int i = 0; i < Math.min(result.timestamps().size(), result.values().size()); i++) {
                            Double value = result.values().get(i);
                            if (value != null) {
                                series.add(new MetricSeries.Point(result.timestamps().get(i), value));
                            }
                        }
                    }
                    token = page.nextToken();
                } while (token != null);
            } catch (RuntimeException e) {
                throw AwsErrors.explain("reading the lab's metrics from CloudWatch", e);
            }
        }
        List<MetricSeries> series = new ArrayList<>();
        for (LabMetric metric : asked) {
            List<MetricSeries.Point> sorted = new ArrayList<>(points.getOrDefault("m" + metric.ordinal(), List.of()));
            sorted.sort(java.util.Comparator.comparing(MetricSeries.Point::at));
            series.add(new MetricSeries(metric, sorted));
        }
        Snapshot snapshot = new Snapshot(range, from, to, now, series, notes);
        last.put(range, snapshot);
        return snapshot;
    }

    private List<Dimension> dimensions(LabMetric.Source source) {
        return switch (source) {
            case LOAD_BALANCER -> resources.loadBalancerArn() == null ? null
                    : List.of(dimension("LoadBalancer", Arns.loadBalancerDimension(resources.loadBalancerArn())));
            case TARGET_GROUP -> resources.loadBalancerArn() == null || resources.targetGroupArn() == null ? null
                    : List.of(dimension("TargetGroup", Arns.targetGroupDimension(resources.targetGroupArn())),
                            dimension("LoadBalancer", Arns.loadBalancerDimension(resources.loadBalancerArn())));
            case SERVICE -> resources.clusterArn() == null || resources.serviceArn() == null ? null
                    : List.of(dimension("ClusterName", Arns.lastPart(resources.clusterArn())),
                            dimension("ServiceName", Arns.lastPart(resources.serviceArn())));
        };
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }



}
