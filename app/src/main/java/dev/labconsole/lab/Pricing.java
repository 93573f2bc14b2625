package dev.labconsole.lab;

/**
 * On-demand prices in us-east-1 (USD per hour), for telling a student what the lab costs while it
 * runs. Other regions differ by a few percent; the figures are a guide, not a bill.
 */
public final class Pricing {

    /** NAT gateway, per hour (data processing extra). */
    public static final double NAT_GATEWAY = 0.045;
    /** Application Load Balancer, per hour (LCUs extra). */
    public static final double LOAD_BALANCER = 0.0225;
    /** Every public IPv4 address, per hour (the Elastic IP, the load balancer's addresses). */
    public static final double PUBLIC_IPV4 = 0.005;
    /** Fargate, per vCPU-hour. */
    public static final double FARGATE_VCPU = 0.04048;
    /** Fargate, per GB-hour. */
    public static final double FARGATE_GB = 0.004445;

    /** CloudWatch Logs Live Tail, per minute of a session beyond the monthly free 1,800 minutes. */
    public static final double LIVE_TAIL_PER_MINUTE = 0.01;

    private Pricing() {
    }

    /** One Fargate task of {@code cpu} units and {@code memoryMiB}, per hour. */
    public static double fargateTask(int cpu, int memoryMiB) {
        return cpu / 1024.0 * FARGATE_VCPU + memoryMiB / 1024.0 * FARGATE_GB;
    }
}
