package dev.labconsole.lab.scale;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.lab.Arns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The service's task count follows its traffic: registered with Application Auto Scaling between a minimum
 * and a maximum, with one target-tracking policy (requests per task through the load balancer, or the
 * service's average CPU). Removed with the lab.
 */
public final class ServiceScaling {

    /** The most tasks a student's lab may scale to: ten Fargate tasks of 1 vCPU / 3 GB cost about $0.55 an hour. */
    public static final int MAX_TASKS = 10;

    /** What the policy tracks. */
    public enum Metric {
        /** ALBRequestCountPerTarget: requests per task per minute. */
        REQUESTS_PER_TASK("requests per task per minute", 1, 100_000),
        /** ECSServiceAverageCPUUtilization: percent. */
        CPU("average CPU %", 10, 90);

        private final String words;
        private final double lowest;
        private final double highest;

        Metric(String words, double lowest, double highest) {
            this.words = words;
            this.lowest = lowest;
            this.highest = highest;
        }

        public String words() {
            return words;
        }
    }

    /** What to register; {@link #parse} checks it. */
    public record Request(int minTasks, int maxTasks, Metric metric, double target) {
    }

    /** A request, or why there is none. */
    public record Parsed(Request request, List<String> problems) {
        public boolean ok() {
            return request != null;
        }
    }

    /**
     * The scaling in place now.
     *
     * @param maxHourlyUsd what the service costs an hour at its maximum task count
     */
    public record Status(int minTasks, int maxTasks, Metric metric, double target, String policyName, double maxHourlyUsd) {
    }

    /** The lab's service as recorded (the load balancer and target group name the request-count metric). */
    public record Service(String clusterArn, String serviceArn, String loadBalancerArn, String targetGroupArn) {
    }

    private final AwsClients aws;
    private final String lab;
    private final double hourlyPerTask;

    public ServiceScaling(AwsClients aws, String lab, double hourlyPerTask) {
        this.aws = aws;
        this.lab = lab;
        this.hourlyPerTask = hourlyPerTask;
    }

    /** Checks min/max/metric/target as typed, before any call. */
    public static Parsed parse(int min, int max, String metric, double target) {
        List<String> problems = new ArrayList<>();
        if (min < 1 || min > MAX_TASKS) {
            problems.add("the minimum must be between 1 and " + MAX_TASKS + " tasks, not " + min);
        }
        if (max < 1 || max > MAX_TASKS) {
            problems.add("the maximum must be between 1 and " + MAX_TASKS + " tasks, not " + max);
        }
        if (min >= 1 && max >= 1 && min > max) {
            problems.add("the minimum (" + min + ") is above the maximum (" + max + "): swap them");
        }
        Metric chosen = null;
        if ("requests".equalsIgnoreCase(metric)) {
            chosen = Metric.REQUESTS_PER_TASK;
        } else if ("cpu".equalsIgnoreCase(metric)) {
            chosen = Metric.CPU;
        } else {
            problems.add("scale on 'requests' (per task per minute) or 'cpu' (average %), not '" + metric + "'");
        }
        if (chosen != null && (target < chosen.lowest || target > chosen.highest)) {
            problems.add("the target for " + chosen.words() + " must be between " + (long) chosen.lowest + " and "
                    + (long) chosen.highest + ", not " + target);
        }
        return problems.isEmpty() ? new Parsed(new Request(min, max, chosen, target), List.of())
                : new Parsed(null, List.copyOf(problems));
    }

    String policyName() {
        return lab + "-scaling";
    }

    /** {@code service/<cluster>/<service>}: how Application Auto Scaling names the service. */
    public static String resourceId(Service service) {
        return "service/" + Arns.lastPart(service.clusterArn()) + "/" + Arns.lastPart(service.serviceArn());
    }

    /** Registers the service (or changes its bounds) and puts the target-tracking policy. */
    public Status apply(Service service, Request request) {
        if (service.clusterArn() == null || service.serviceArn() == null) {
            throw new AwsProblem("autoscaling changes the ECS service's task count: create the service first"
                    + " (Containers)", null, null);
        }
        if (request.metric() == Metric.REQUESTS_PER_TASK
                && (service.loadBalancerArn() == null || service.targetGroupArn() == null)) {
            throw new AwsProblem("scaling on requests needs the load balancer and its target group: create them"
                    + " first, or scale on cpu", null, null);
        }
        String resource = resourceId(service);
        try {
            aws.autoScaling().registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).resourceId(resource)
                    .minCapacity(request.minTasks()).maxCapacity(request.maxTasks()));
            aws.autoScaling().putScalingPolicy(r -> r.policyName(policyName()).serviceNamespace(ServiceNamespace.ECS)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).resourceId(resource)
                    .policyType(PolicyType.TARGET_TRACKING_SCALING)
                    .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(request.target())
                            // Out fast when traffic comes, in slowly so a pause does not drop tasks mid-test.
                            .scaleOutCooldown(60).scaleInCooldown(300)
                            .predefinedMetricSpecification(m -> {
                                if (request.metric() == Metric.CPU) {
                                    m.predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION);
                                } else {
                                    m.predefinedMetricType(MetricType.ALB_REQUEST_COUNT_PER_TARGET)
                                            .resourceLabel(resourceLabel(service));
                                }
                            })));
        } catch (RuntimeException e) {
            throw AwsErrors.explain("setting up the service's autoscaling", e);
        }
        return read(service).orElseThrow(() -> new AwsProblem("autoscaling was set up but cannot be read back yet:"
                + " look again in a minute", null, null));
    }

    /** The scaling registered for the service now; empty when there is none. */
    public Optional<Status> read(Service service) {
        if (service.clusterArn() == null || service.serviceArn() == null) {
            return Optional.empty();
        }
        String resource = resourceId(service);
        try {
            Optional<ScalableTarget> target = aws.autoScaling().describeScalableTargets(r -> r
                    .serviceNamespace(ServiceNamespace.ECS).resourceIds(resource)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)).scalableTargets().stream()
                    .findFirst();
            if (target.isEmpty()) {
                return Optional.empty();
            }
            Optional<ScalingPolicy> policy = aws.autoScaling().describeScalingPolicies(r -> r
                    .serviceNamespace(ServiceNamespace.ECS).resourceId(resource)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)).scalingPolicies().stream()
                    .filter(p -> p.targetTrackingScalingPolicyConfiguration() != null).findFirst();
            Metric metric = policy.map(p -> p.targetTrackingScalingPolicyConfiguration().predefinedMetricSpecification())
                    .map(m -> m.predefinedMetricType() == MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION ? Metric.CPU
                            : Metric.REQUESTS_PER_TASK).orElse(null);
            double targetValue = policy.map(p -> p.targetTrackingScalingPolicyConfiguration().targetValue()).orElse(0.0);
            int max = target.get().maxCapacity();
            return Optional.of(new Status(target.get().minCapacity(), max, metric, targetValue,
                    policy.map(ScalingPolicy::policyName).orElse(null), max * hourlyPerTask));
        } catch (RuntimeException e) {
            throw AwsErrors.explain("reading the service's autoscaling", e);
        }
    }

    /** Deregisters the service (its policies go with it); false when it was not registered. */
    public boolean remove(Service service) {
        if (read(service).isEmpty()) {
            return false;
        }
        try {
            // Each target-tracking policy owns two CloudWatch alarms; deleting the policy first takes them with
            // it (AWS also does so on deregistering, an emulator may not).
            for (ScalingPolicy policy : aws.autoScaling().describeScalingPolicies(r -> r
                    .serviceNamespace(ServiceNamespace.ECS).resourceId(resourceId(service))
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)).scalingPolicies()) {
                aws.autoScaling().deleteScalingPolicy(r -> r.policyName(policy.policyName())
                        .serviceNamespace(ServiceNamespace.ECS).resourceId(resourceId(service))
                        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT));
            }
            aws.autoScaling().deregisterScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).resourceId(resourceId(service)));
            // Whatever of those alarms is still there (a policy replaced in place can leave its first pair
            // behind in an emulator) would sit in the account: they are deleted by their documented prefix.
            List<String> leftover = aws.cloudWatch().describeAlarmsPaginator(r -> r.alarmNamePrefix("TargetTracking-"
                    + resourceId(service) + "-")).metricAlarms().stream()
                    .map(software.amazon.awssdk.services.cloudwatch.model.MetricAlarm::alarmName).toList();
            if (!leftover.isEmpty()) {
                aws.cloudWatch().deleteAlarms(r -> r.alarmNames(leftover));
            }
            return true;
        } catch (RuntimeException e) {
            if (AwsErrors.hasCode(e, "ObjectNotFoundException")) {
                return false;
            }
            throw AwsErrors.explain("removing the service's autoscaling", e);
        }
    }

    /** {@code app/<lb>/<id>/targetgroup/<tg>/<id>}: the request-count metric's resource label. */
    static String resourceLabel(Service service) {
        return Arns.loadBalancerDimension(service.loadBalancerArn()) + "/"
                + Arns.targetGroupDimension(service.targetGroupArn());
    }

}
