package dev.labconsole.lab;

import java.time.Duration;

/**
 * How long the lab's service takes to come up and go away, in one place: the ECS service's health
 * check grace period, the target group's health checks and its deregistration delay, and the typical
 * time the service step takes on AWS. Each number follows from the server's measured start-up.
 */
public final class ServiceTiming {

    /**
     * Seconds from container start to {@code GET /health} answering 200 with the bundled model read
     * from S3: the slowest of the runs measured by {@code benchmarks/image.sh} on this project's 2-core
     * machine under load (2026-11-30: median 7.7 s, range 5.3-11.1 s), rounded up. The slowest, not the
     * median: a grace period that is too short kills healthy tasks that were still loading.
     */
    public static final int MEASURED_STARTUP_SECONDS = 12;

    /**
     * Seconds ECS ignores failing load balancer health checks after a task starts: twice the measured
     * start-up (a Fargate task's 1 vCPU is no faster than the measuring machine, and it downloads the
     * 16 MB model through the NAT gateway first) plus 30 s for the first checks to reach it.
     */
    public static final int HEALTH_CHECK_GRACE_SECONDS = 2 * MEASURED_STARTUP_SECONDS + 30;

    /**
     * Seconds between health checks: 10 rather than AWS's 30, so a ready task takes traffic within
     * seconds; /health is a constant answer, so checking that often costs the server nothing.
     */
    public static final int HEALTH_CHECK_INTERVAL_SECONDS = 10;

    /**
     * Seconds a health check may take: /health answers in milliseconds, so 5 s only trips on a task
     * that is truly stuck; it must stay below the interval.
     */
    public static final int HEALTH_CHECK_TIMEOUT_SECONDS = 5;

    /** Passing checks before a target is healthy: 2 (AWS's 5 would add 30 s for nothing a third check proves). */
    public static final int HEALTHY_THRESHOLD = 2;

    /**
     * Failing checks before a target is unhealthy: 3, so one slow answer (a garbage collection, the
     * model's first prediction) does not pull a task out of service; a dead task is out after 30 s.
     */
    public static final int UNHEALTHY_THRESHOLD = 3;

    /**
     * Seconds the load balancer keeps a deregistered target for its in-flight requests. The server
     * drains within about 20 s of SIGTERM, so 30 s is enough; AWS's default of 300 s makes every
     * teardown and every new deployment wait five minutes per task.
     */
    public static final int DEREGISTRATION_DELAY_SECONDS = 30;

    private ServiceTiming() {
    }

    /**
     * The service step's typical time on AWS: about 30 s for ECS to place the tasks and attach their
     * network interfaces, 30 s to pull the image through the NAT gateway, twice the measured start-up
     * (Fargate's vCPU, the model's download), then the healthy threshold's checks.
     */
    public static Duration typicalServiceStart() {
        return Duration.ofSeconds(30 + 30 + 2L * MEASURED_STARTUP_SECONDS
                + (long) HEALTHY_THRESHOLD * HEALTH_CHECK_INTERVAL_SECONDS);
    }
}
