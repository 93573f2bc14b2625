package dev.labconsole.lab.monitor;

import java.time.Duration;

/** The time ranges the Monitoring page offers, each with the period its points are aggregated over. */
public enum MetricRange {
    MINUTES_15("15 min", Duration.ofMinutes(15), Duration.ofMinutes(1)),
    HOUR_1("1 h", Duration.ofHours(1), Duration.ofMinutes(1)),
    HOURS_3("3 h", Duration.ofHours(3), Duration.ofMinutes(1)),
    HOURS_12("12 h", Duration.ofHours(12), Duration.ofMinutes(5)),
    HOURS_24("24 h", Duration.ofHours(24), Duration.ofMinutes(5));

    private final String label;
    private final Duration span;
    private final Duration period;

    MetricRange(String label, Duration span, Duration period) {
        this.label = label;
        this.span = span;
        this.period = period;
    }

    public String label() {
        return label;
    }

    public Duration span() {
        return span;
    }

    /** CloudWatch's load balancer and ECS metrics arrive per minute: no point is finer than that. */
    public Duration period() {
        return period;
    }
}
