package dev.labconsole.lab.monitor;

/** The metrics the lab's section 6 looks at, each with the CloudWatch metric and statistic behind it. */
public enum LabMetric {
    REQUESTS("Requests", "AWS/ApplicationELB", "RequestCount", "Sum", Source.LOAD_BALANCER, "requests"),
    RESPONSE_TIME_P50("Response time p50", "AWS/ApplicationELB", "TargetResponseTime", "p50", Source.LOAD_BALANCER,
            "seconds"),
    RESPONSE_TIME_P95("Response time p95", "AWS/ApplicationELB", "TargetResponseTime", "p95", Source.LOAD_BALANCER,
            "seconds"),
    HTTP_4XX("HTTP 4xx from the service", "AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", "Sum",
            Source.LOAD_BALANCER, "responses"),
    HTTP_5XX("HTTP 5xx from the service", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum",
            Source.LOAD_BALANCER, "responses"),
    HEALTHY_HOSTS("Healthy tasks", "AWS/ApplicationELB", "HealthyHostCount", "Average", Source.TARGET_GROUP, "tasks"),
    UNHEALTHY_HOSTS("Unhealthy tasks", "AWS/ApplicationELB", "UnHealthyHostCount", "Average", Source.TARGET_GROUP,
            "tasks"),
    CPU("CPU", "AWS/ECS", "CPUUtilization", "Average", Source.SERVICE, "%"),
    MEMORY("Memory", "AWS/ECS", "MemoryUtilization", "Average", Source.SERVICE, "%");

    /** Which of the lab's resources a metric's dimensions name. */
    public enum Source { LOAD_BALANCER, TARGET_GROUP, SERVICE }

    private final String label;
    private final String namespace;
    private final String metricName;
    private final String statistic;
    private final Source source;
    private final String unit;

    LabMetric(String label, String namespace, String metricName, String statistic, Source source, String unit) {
        this.label = label;
        this.namespace = namespace;
        this.metricName = metricName;
        this.statistic = statistic;
        this.source = source;
        this.unit = unit;
    }

    public String label() {
        return label;
    }

    public String namespace() {
        return namespace;
    }

    public String metricName() {
        return metricName;
    }

    public String statistic() {
        return statistic;
    }

    public Source source() {
        return source;
    }

    public String unit() {
        return unit;
    }
}
