package dev.labconsole.lab.monitor;

import java.time.Instant;
import java.util.List;

/**
 * One line of a chart: a CloudWatch metric and statistic over the range, oldest point first.
 *
 * @param metric which of the lab's metrics
 * @param points the values CloudWatch has; empty when nothing was measured in the range
 */
public record MetricSeries(LabMetric metric, List<Point> points) {

    public MetricSeries {
        points = List.copyOf(points);
    }

    /** One aggregated value at the start of its period. */
    public record Point(Instant at, double value) {
    }
}
