package dev.labconsole.lab.steps;

import dev.labconsole.lab.Arns;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.Poll;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Pricing;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.ServiceDiagnosis;
import dev.labconsole.lab.ServiceRollout;
import dev.labconsole.lab.ServiceTiming;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/**
 * The ECS service {@code <lab>-service}: keeps the lab's tasks running on Fargate in the private
 * subnets (no public addresses; they reach S3 and ECR through the NAT gateway) and registers them
 * with the target group.
 */
public final class ServiceStep implements Step {

    /**
     * With the circuit breaker on, a deployment whose tasks cannot start fails within minutes (ECS
     * counts the failed tasks) instead of ECS trying for ever while the NAT gateway bills; rollback
     * puts the last working task definition back. Minimum 100 %: of the lab's 2 tasks, none is stopped
     * before its replacement passes the health checks, so the endpoint keeps answering during a
     * deployment. Maximum 200 %: ECS may start both replacements at once beside the old ones, which for
     * the few minutes of a deployment costs under a cent.
     */
    static final int MINIMUM_HEALTHY_PERCENT = 100;
    static final int MAXIMUM_PERCENT = 200;

    private final ServiceRollout rollout;

    public ServiceStep() {
        this(ServiceRollout.standard());
    }

    /** A step that waits for the service with {@code rollout} (tests give it a clock that needs no sleeps). */
    ServiceStep(ServiceRollout rollout) {
        this.rollout = rollout;
    }

    @Override
    public StepId id() {
        return StepId.SERVICE;
    }

    static String name(LabContext context) {
        return RecordedNames.of(context, ResourceKey.SERVICE, context.name("service"));
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "aws ecs create-service --cluster " + ClusterStep.name(context) + " --service-name " + name(context)
                + " --task-definition " + TaskDefinitionStep.family(context) + " --desired-count "
                + context.config().desiredCount() + " --launch-type FARGATE"
                + " --network-configuration 'awsvpcConfiguration={subnets=[<private-subnet-1-id>,<private-subnet-2-id>],"
                + "securityGroups=[<task-sg-id>],assignPublicIp=DISABLED}'"
                + " --load-balancers targetGroupArn=<" + context.name("tg") + "-arn>,containerName="
                + TaskDefinitionStep.containerName(context) + ",containerPort=" + context.config().containerPort()
                + " --health-check-grace-period-seconds " + ServiceTiming.HEALTH_CHECK_GRACE_SECONDS
                + " --deployment-configuration 'deploymentCircuitBreaker={enable=true,rollback=true},"
                + "minimumHealthyPercent=" + MINIMUM_HEALTHY_PERCENT + ",maximumPercent=" + MAXIMUM_PERCENT + "'"
                + " --tags " + ContainerTags.cliTags(context, name(context), "key", "value") + "\n"
                + "aws ecs wait services-stable --cluster " + ClusterStep.name(context) + " --services " + name(context)
                + "\n# why tasks stop: the service's events, then each stopped task's reason\n"
                + "aws ecs describe-services --cluster " + ClusterStep.name(context) + " --services " + name(context)
                + " --query 'services[0].events[:10].[createdAt,message]'\n"
                + "aws ecs describe-tasks --cluster " + ClusterStep.name(context) + " --tasks $(aws ecs list-tasks"
                + " --cluster " + ClusterStep.name(context) + " --service-name " + name(context)
                + " --desired-status STOPPED --query 'taskArns' --output text)"
                + " --query 'tasks[].[stoppedAt,stopCode,stoppedReason,containers[0].exitCode,containers[0].reason]'";
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<Service> found = find(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        Service service = found.get();
        boolean current = service.serviceArn().equals(context.state().get(ResourceKey.SERVICE).orElse(null))
                && service.desiredCount() == tasksToRun(context)
                && service.taskDefinition().equals(context.state().get(ResourceKey.TASK_DEFINITION).orElse(null));
        return current ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /** The ACTIVE service named {@code <lab>-service} in the lab's cluster, with its tags. */
    static Optional<Service> find(LabContext context) {
        return describe(context).filter(s -> "ACTIVE".equals(s.status()));
    }

    private static Optional<Service> describe(LabContext context) {
        try {
            return context.aws().ecs().describeServices(r -> r.cluster(ClusterStep.name(context))
                    .services(name(context)).include(ServiceField.TAGS)).services().stream().findFirst();
        } catch (ClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    static DeploymentConfiguration deploymentConfiguration() {
        return DeploymentConfiguration.builder()
                .deploymentCircuitBreaker(b -> b.enable(true).rollback(true))
                .minimumHealthyPercent(MINIMUM_HEALTHY_PERCENT).maximumPercent(MAXIMUM_PERCENT).build();
    }

    /**
     * The tasks to ask for now: the lab's count once the image is in the registry, none before, since
     * each task could only fail to pull it, again and again, while the NAT gateway bills.
     */
    static int tasksToRun(LabContext context) {
        if (context.config().image() != null || context.state().get(ResourceKey.REPOSITORY_URI).isEmpty()) {
            return context.config().desiredCount();
        }
        return TaskDefinitionStep.imagePushed(context) ? context.config().desiredCount() : 0;
    }

    @Override
    public void apply(LabContext context) {
        String cluster = context.state().require(ResourceKey.CLUSTER, StepId.CLUSTER);
        String taskDefinition = context.state().require(ResourceKey.TASK_DEFINITION, StepId.TASK_DEFINITION);
        int desired = tasksToRun(context);
        waitWhileDraining(context);
        Optional<Service> found = find(context);
        String arn;
        if (found.isPresent()) {
            Service service = found.get();
            arn = service.serviceArn();
            List<String> changes = changes(service, taskDefinition, desired);
            AwsVpcConfiguration network = privateNetwork(context);
            // A service built by hand with public IPs or in the public subnets is moved, not duplicated.
            boolean moveNetwork = !sameNetwork(service, network);
            if (moveNetwork) {
                changes.add("tasks in the private subnets with the tasks' group and no public IP");
            }
            if (!changes.isEmpty()) {
                boolean failedBefore = lastDeploymentFailed(service);
                context.aws().ecs().updateService(r -> r.cluster(cluster).service(name(context))
                        .taskDefinition(taskDefinition).desiredCount(desired)
                        .networkConfiguration(moveNetwork ? NetworkConfiguration.builder()
                                .awsvpcConfiguration(network).build() : null)
                        .deploymentConfiguration(deploymentConfiguration())
                        .healthCheckGracePeriodSeconds(ServiceTiming.HEALTH_CHECK_GRACE_SECONDS)
                        .forceNewDeployment(failedBefore));
                context.resource(id(), "updated " + name(context) + ": " + String.join(", ", changes));
            } else if (!context.state().get(ResourceKey.SERVICE).map(arn::equals).orElse(false)) {
                context.resource(id(), "adopted " + name(context));
            }
        } else {
            String targetGroup = context.state().require(ResourceKey.TARGET_GROUP, StepId.TARGET_GROUP);
            AwsVpcConfiguration network = privateNetwork(context);
            // The token makes the SDK's own retries of this call idempotent.
            String token = UUID.randomUUID().toString();
            arn = context.aws().ecs().createService(r -> r.cluster(cluster).serviceName(name(context))
                    .taskDefinition(taskDefinition).desiredCount(desired).launchType(LaunchType.FARGATE)
                    .networkConfiguration(n -> n.awsvpcConfiguration(network))
                    .loadBalancers(LoadBalancer.builder().targetGroupArn(targetGroup)
                            .containerName(TaskDefinitionStep.containerName(context))
                            .containerPort(context.config().containerPort()).build())
                    .healthCheckGracePeriodSeconds(ServiceTiming.HEALTH_CHECK_GRACE_SECONDS)
                    .deploymentConfiguration(deploymentConfiguration())
                    .clientToken(token)
                    .tags(ContainerTags.ecs(context, name(context)))).service().serviceArn();
            context.resource(id(), "created " + name(context) + " (" + desired + " tasks of "
                    + shortName(taskDefinition) + " in the private subnets)");
        }
        context.state().put(ResourceKey.SERVICE, arn);
        context.checkCancelled();
        if (desired == 0 && context.config().desiredCount() > 0) {
            context.warn(id(), "the service has 0 tasks until the image is pushed: push it (Registry > Build and"
                    + " push, or ./labconsole image push), then Create again to start " + context.config().desiredCount()
                    + " tasks; until then no task fails to start while the NAT gateway bills");
            return;
        }
        if (context.emulated()) {
            // An emulator that starts no tasks would keep the wait polling until the timeout.
            int running = find(context).map(Service::runningCount).orElse(0);
            if (running < desired) {
                context.warn(id(), "practice mode: the emulator reports " + running + " running tasks; on AWS the"
                        + " lab waits here for " + desired + " tasks to start and pass health checks");
                return;
            }
        }
        context.waiting(id(), "waiting for " + desired + " tasks to start and pass health checks, usually 2-5 minutes");
        ServiceDiagnosis.Diagnosis steady = rollout.await(id(), context::publish, context::checkCancelled,
                context.waitTimeout(),
                () -> ServiceDiagnosis.observe(context.aws().ecs(), context.aws().elb(), context.state()));
        context.progress(id(), name(context) + " is stable with " + steady.running() + " tasks");
    }

    /** What differs between the service and what the lab wants, in the lab's words; empty when nothing. */
    /** Where the lab's tasks run: the private subnets, the tasks' security group, no public IP. */
    private static AwsVpcConfiguration privateNetwork(LabContext context) {
        return AwsVpcConfiguration.builder()
                .subnets(context.state().require(ResourceKey.PRIVATE_SUBNET_1, StepId.SUBNETS),
                        context.state().require(ResourceKey.PRIVATE_SUBNET_2, StepId.SUBNETS))
                .securityGroups(context.state().require(ResourceKey.TASK_SECURITY_GROUP, StepId.SECURITY_GROUPS))
                .assignPublicIp(AssignPublicIp.DISABLED)
                .build();
    }

    private static boolean sameNetwork(Service service, AwsVpcConfiguration wanted) {
        AwsVpcConfiguration actual = service.networkConfiguration() == null ? null
                : service.networkConfiguration().awsvpcConfiguration();
        return actual != null && actual.assignPublicIp() != AssignPublicIp.ENABLED
                && new java.util.HashSet<>(actual.subnets()).equals(new java.util.HashSet<>(wanted.subnets()))
                && actual.securityGroups().containsAll(wanted.securityGroups());
    }

    private static List<String> changes(Service service, String taskDefinition, int desired) {
        List<String> changes = new ArrayList<>();
        if (!taskDefinition.equals(service.taskDefinition())) {
            changes.add("task definition " + shortName(taskDefinition));
        }
        if (service.desiredCount() == null || service.desiredCount() != desired) {
            changes.add(desired + " tasks");
        }
        DeploymentConfiguration deployment = service.deploymentConfiguration();
        if (deployment == null || deployment.deploymentCircuitBreaker() == null
                || !Boolean.TRUE.equals(deployment.deploymentCircuitBreaker().enable())
                || !Boolean.TRUE.equals(deployment.deploymentCircuitBreaker().rollback())) {
            changes.add("deployment circuit breaker on, with rollback");
        }
        if (service.healthCheckGracePeriodSeconds() == null
                || service.healthCheckGracePeriodSeconds() != ServiceTiming.HEALTH_CHECK_GRACE_SECONDS) {
            changes.add("health check grace period " + ServiceTiming.HEALTH_CHECK_GRACE_SECONDS + " s");
        }
        if (lastDeploymentFailed(service)) {
            changes.add("a new deployment (the last one failed)");
        }
        return changes;
    }

    private static boolean lastDeploymentFailed(Service service) {
        return service.deployments().stream().anyMatch(d -> "FAILED".equals(d.rolloutStateAsString()));
    }

    /**
     * A service deleted moments ago stays DRAINING for a while, and a new one of the same name cannot
     * be created until it is INACTIVE.
     */
    private void waitWhileDraining(LabContext context) {
        if (describe(context).filter(s -> "DRAINING".equals(s.status())).isEmpty()) {
            return;
        }
        context.waiting(id(), "waiting for the previous " + name(context) + " to finish draining, usually 1-2 minutes");
        try {
            waitInactive(context, "the previous " + name(context) + " to finish draining");
        } catch (Poll.TimeoutException e) {
            // Still draining: the create call says so in its own words.
        }
    }

    /**
     * Polls until the service is INACTIVE or gone entirely (MISSING is as good); on timeout the
     * exception says its status, its running tasks and ECS's last event about it.
     */
    private static void waitInactive(LabContext context, String what) {
        context.poll().until(what, context.waitTimeout(), () -> {
            Optional<Service> now = describe(context);
            if (now.isEmpty() || "INACTIVE".equals(now.get().status())) {
                return Poll.Look.done();
            }
            Service service = now.get();
            String lastEvent = service.events().isEmpty() ? "" : "; ECS's last event: " + service.events().get(0).message();
            return Poll.Look.pending("it is still " + service.status() + " with " + service.runningCount()
                    + " task(s) running" + lastEvent);
        });
    }

    private static String shortName(String taskDefinitionArn) {
        return Arns.lastPart(taskDefinitionArn);
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        Optional<Service> found = find(context);
        String text = "ECS service " + name(context);
        if (found.isEmpty()) {
            result.add(Requirement.unmet(id(), text, "no active service of that name in " + ClusterStep.name(context)
                    + ": create it (Containers > Create)"));
            return result;
        }
        Service service = found.get();
        context.state().put(ResourceKey.SERVICE, service.serviceArn());
        int desired = context.config().desiredCount();
        result.add(Requirement.check(id(), text + " runs on Fargate", service.launchType() == LaunchType.FARGATE
                || !service.capacityProviderStrategy().isEmpty(), String.valueOf(service.launchTypeAsString())));
        result.add(desiredCount(context, service));
        if (context.emulated()) {
            result.add(Requirement.met(id(), desired + " tasks running", "practice mode: the emulator reports "
                    + service.runningCount() + " running but runs no containers"));
        } else {
            result.add(Requirement.check(id(), desired + " tasks running", service.runningCount() >= desired,
                    service.runningCount() + " running, " + service.pendingCount() + " pending"
                            + (service.runningCount() >= desired ? "" : ": " + whyNotRunning(context))));
        }
        AwsVpcConfiguration network = service.networkConfiguration() == null ? null
                : service.networkConfiguration().awsvpcConfiguration();
        List<String> privateSubnets = new ArrayList<>();
        context.state().get(ResourceKey.PRIVATE_SUBNET_1).ifPresent(privateSubnets::add);
        context.state().get(ResourceKey.PRIVATE_SUBNET_2).ifPresent(privateSubnets::add);
        result.add(Requirement.check(id(), "tasks run in the private subnets without public addresses",
                network != null && !network.subnets().isEmpty() && privateSubnets.containsAll(network.subnets())
                        && network.assignPublicIp() != AssignPublicIp.ENABLED,
                network == null ? "no awsvpc configuration" : "subnets " + network.subnets() + ", public IP "
                        + network.assignPublicIpAsString()));
        Optional<String> taskGroup = context.state().get(ResourceKey.TASK_SECURITY_GROUP);
        result.add(Requirement.check(id(), "tasks use the tasks' security group", network != null
                && taskGroup.isPresent() && network.securityGroups().contains(taskGroup.get()),
                network == null ? "none" : String.valueOf(network.securityGroups())));
        Optional<String> targetGroup = context.state().get(ResourceKey.TARGET_GROUP);
        boolean attached = targetGroup.isPresent() && service.loadBalancers().stream()
                .anyMatch(l -> targetGroup.get().equals(l.targetGroupArn()));
        result.add(Requirement.check(id(), "service registers its tasks with " + context.name("tg"), attached,
                attached ? "container " + TaskDefinitionStep.containerName(context) + " port "
                        + context.config().containerPort() : "no such load balancer entry"));
        return result;
    }

    private Requirement desiredCount(LabContext context, Service service) {
        int desired = context.config().desiredCount();
        String text = "service wants " + desired + " tasks";
        if (service.desiredCount() == desired) {
            return Requirement.met(id(), text, "desired " + desired);
        }
        if (service.desiredCount() == 0 && context.emulated()) {
            return Requirement.met(id(), text, "practice mode: 0 tasks, as the emulator holds no image to run; on"
                    + " AWS, push the image and Create again for " + desired);
        }
        if (service.desiredCount() == 0 && tasksToRun(context) == 0) {
            return Requirement.unmet(id(), text, "0 tasks until the image is pushed: push it (Registry > Build and"
                    + " push, or ./labconsole image push), then Create again");
        }
        return Requirement.unmet(id(), text, "desired " + service.desiredCount() + ": Create again sets it to "
                + desired);
    }

    /** The worst thing the service's diagnosis finds, or where to look when it finds nothing. */
    private static String whyNotRunning(LabContext context) {
        String logs = "see the log group /ecs/" + context.config().lab() + " for why tasks stop";
        try {
            return ServiceDiagnosis.observe(context.aws().ecs(), context.aws().elb(), context.state())
                    .map(ServiceDiagnosis::diagnose).flatMap(ServiceDiagnosis.Diagnosis::worst)
                    .map(ServiceDiagnosis.Finding::toString).orElse(logs);
        } catch (SdkException e) {
            return logs;
        }
    }

    @Override
    public void destroy(LabContext context) {
        // A service deleted by an earlier run (or in the console) is DRAINING: its tasks still run and bill.
        Optional<Service> found = describe(context).filter(s -> "ACTIVE".equals(s.status())
                || "DRAINING".equals(s.status())).filter(s -> owned(context, s));
        if (found.isPresent()) {
            String cluster = ClusterStep.name(context);
            if ("ACTIVE".equals(found.get().status())) {
                try {
                    context.aws().ecs().updateService(r -> r.cluster(cluster).service(name(context)).desiredCount(0));
                    context.aws().ecs().deleteService(r -> r.cluster(cluster).service(name(context)).force(true));
                } catch (ServiceNotFoundException | ServiceNotActiveException e) {
                    // Already going or gone.
                }
            }
            int drain = deregistrationDelaySeconds(context);
            context.waiting(id(), "waiting for the service's tasks to stop and the service to become inactive:"
                    + " the load balancer drains each task for " + drain + " s, so about " + (drain + 60) / 60
                    + "-" + (drain + 120) / 60 + " minutes");
            try {
                waitInactive(context, name(context) + " to become inactive");
            } catch (Poll.TimeoutException e) {
                throw new AwsProblem(e.getMessage() + "; run Destroy again to keep waiting", null, e);
            }
            context.resource(id(), "deleted " + name(context));
        }
        context.state().remove(ResourceKey.SERVICE);
    }

    /**
     * The target group's deregistration delay as AWS has it: the lab sets {@link
     * ServiceTiming#DEREGISTRATION_DELAY_SECONDS}, a target group built by hand keeps AWS's 300 s.
     */
    static int deregistrationDelaySeconds(LabContext context) {
        Optional<String> group = context.state().get(ResourceKey.TARGET_GROUP);
        if (group.isEmpty()) {
            return ServiceTiming.DEREGISTRATION_DELAY_SECONDS;
        }
        try {
            return context.aws().elb().describeTargetGroupAttributes(r -> r.targetGroupArn(group.get())).attributes()
                    .stream().filter(a -> "deregistration_delay.timeout_seconds".equals(a.key()))
                    .map(a -> Integer.parseInt(a.value())).findFirst().orElse(300);
        } catch (RuntimeException e) {
            // Only the wait's wording depends on it: say AWS's default, the longest it usually is.
            return 300;
        }
    }

    private static boolean owned(LabContext context, Service service) {
        return service.serviceArn().equals(context.state().get(ResourceKey.SERVICE).orElse(null))
                || ContainerTags.ecsTagged(context, service.tags());
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        double perTask = Pricing.fargateTask(context.config().cpu(), context.config().memoryMiB());
        return describe(context).filter(s -> "ACTIVE".equals(s.status()) || "DRAINING".equals(s.status()))
                .filter(s -> owned(context, s))
                .map(s -> List.of(new LabResource(id(), "ECS service", s.serviceName(), s.serviceArn(),
                        ("DRAINING".equals(s.status()) ? "draining, " : "") + s.runningCount() + " of "
                                + s.desiredCount() + " tasks running", s.runningCount() * perTask)))
                .orElse(List.of());
    }

    @Override
    public double plannedHourlyUsd(LabConfig config) {
        return config.desiredCount() * Pricing.fargateTask(config.cpu(), config.memoryMiB());
    }
}
