package dev.labconsole.lab.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.ServiceDiagnosis;
import dev.labconsole.lab.ServiceNotHealthyException;
import dev.labconsole.lab.ServiceRollout;
import dev.labconsole.lab.ServiceTiming;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.TestLabContexts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * The load balancer and container steps against the moto emulator: the network they stand on is
 * built here with the raw SDK (as the network steps would), then the steps create, re-apply, verify
 * and tear down, and the raw SDK checks what really exists.
 */
@ExtendWith(MotoExtension.class)
class ContainersStepsTest {

    private static final String MODEL_URI = "s3://b/models/sentiment/";

    @TempDir
    Path home;

    private AwsClients aws;
    private final List<LabEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect(MotoServer moto) {
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private LabContext context(String lab) {
        return TestLabContexts.quick(LabConfig.named(lab), aws, new LabStateStore(home).open(lab), events::add);
    }

    /** The network and storage the other steps would have built, recorded in the state. */
    private void prerequisites(LabContext context) {
        String lab = context.config().lab();
        String vpc = aws.ec2().createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String public1 = subnet(vpc, "10.0.1.0/24", "us-east-1a");
        String public2 = subnet(vpc, "10.0.2.0/24", "us-east-1b");
        String private1 = subnet(vpc, "10.0.3.0/24", "us-east-1a");
        String private2 = subnet(vpc, "10.0.4.0/24", "us-east-1b");
        String albGroup = aws.ec2().createSecurityGroup(r -> r.vpcId(vpc).groupName(lab + "-alb-sg")
                .description("load balancer")).groupId();
        String taskGroup = aws.ec2().createSecurityGroup(r -> r.vpcId(vpc).groupName(lab + "-task-sg")
                .description("tasks")).groupId();
        String repository = aws.ecr().createRepository(r -> r.repositoryName(lab)).repository().repositoryUri();
        context.state().put(ResourceKey.VPC, vpc);
        context.state().put(ResourceKey.PUBLIC_SUBNET_1, public1);
        context.state().put(ResourceKey.PUBLIC_SUBNET_2, public2);
        context.state().put(ResourceKey.PRIVATE_SUBNET_1, private1);
        context.state().put(ResourceKey.PRIVATE_SUBNET_2, private2);
        context.state().put(ResourceKey.ALB_SECURITY_GROUP, albGroup);
        context.state().put(ResourceKey.TASK_SECURITY_GROUP, taskGroup);
        context.state().put(ResourceKey.MODEL_URI, MODEL_URI);
        context.state().put(ResourceKey.REPOSITORY_URI, repository);
    }

    private String subnet(String vpc, String cidr, String zone) {
        return aws.ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId();
    }

    /** The steps in dependency order, identity first. */
    private static List<Step> steps() {
        return List.of(new IdentityStep(), new TargetGroupStep(), new LoadBalancerStep(), new ListenerStep(),
                new LogGroupStep(), new RolesStep(), new ClusterStep(), new TaskDefinitionStep(), new ServiceStep(),
                new EndpointTestStep());
    }

    private static void applyAll(LabContext context) {
        for (Step step : steps()) {
            step.apply(context);
        }
    }

    @Test
    void buildsReappliesVerifiesAndTearsDownTheLoadBalancerAndContainers() {
        String lab = "ctr-full";
        LabContext context = context(lab);
        prerequisites(context);
        // The image is there before the service: it starts its tasks at once.
        dev.labconsole.testing.DockerPush.latest(aws.ecr(), lab);

        applyAll(context);

        TargetGroup group = aws.elb().describeTargetGroups(r -> r.names(lab + "-tg")).targetGroups().get(0);
        assertThat(group.protocolAsString()).isEqualTo("HTTP");
        assertThat(group.port()).isEqualTo(8000);
        assertThat(group.targetTypeAsString()).isEqualTo("ip");
        assertThat(group.healthCheckPath()).isEqualTo("/health");
        assertThat(group.vpcId()).isEqualTo(context.state().get(ResourceKey.VPC).orElseThrow());
        assertThat(context.state().get(ResourceKey.TARGET_GROUP)).contains(group.targetGroupArn());

        LoadBalancer balancer = aws.elb().describeLoadBalancers(r -> r.names(lab + "-alb")).loadBalancers().get(0);
        assertThat(balancer.schemeAsString()).isEqualTo("internet-facing");
        assertThat(balancer.typeAsString()).isEqualTo("application");
        assertThat(balancer.availabilityZones().stream().map(AvailabilityZone::subnetId).toList())
                .containsExactlyInAnyOrder(context.state().get(ResourceKey.PUBLIC_SUBNET_1).orElseThrow(),
                        context.state().get(ResourceKey.PUBLIC_SUBNET_2).orElseThrow());
        assertThat(balancer.securityGroups()).containsExactly(
                context.state().get(ResourceKey.ALB_SECURITY_GROUP).orElseThrow());
        assertThat(context.state().get(ResourceKey.LOAD_BALANCER_DNS)).contains(balancer.dnsName());
        Map<String, String> balancerTags = aws.elb().describeTags(r -> r.resourceArns(balancer.loadBalancerArn()))
                .tagDescriptions().get(0).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
        assertThat(balancerTags).containsEntry("Name", lab + "-alb").containsEntry(LabContext.LAB_TAG, lab);

        List<Listener> listeners = aws.elb().describeListeners(r -> r.loadBalancerArn(balancer.loadBalancerArn()))
                .listeners();
        assertThat(listeners).hasSize(1);
        assertThat(listeners.get(0).port()).isEqualTo(80);
        assertThat(listeners.get(0).defaultActions().get(0).typeAsString()).isEqualTo("forward");
        assertThat(ListenerStep.forwardsTo(listeners.get(0), group.targetGroupArn())).isTrue();

        assertThat(aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/" + lab)).logGroups())
                .singleElement().satisfies(g -> assertThat(g.retentionInDays()).isEqualTo(7));

        String cluster = context.state().get(ResourceKey.CLUSTER).orElseThrow();
        TaskDefinition definition = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(lab)).taskDefinition();
        assertThat(definition.cpu()).isEqualTo("1024");
        assertThat(definition.memory()).isEqualTo("3072");
        assertThat(definition.networkModeAsString()).isEqualTo("awsvpc");
        assertThat(definition.requiresCompatibilitiesAsStrings()).contains("FARGATE");
        assertThat(definition.taskRoleArn()).endsWith("role/" + lab + "-task-role");
        assertThat(definition.executionRoleArn()).endsWith("role/" + lab + "-execution-role");
        ContainerDefinition container = definition.containerDefinitions().get(0);
        assertThat(container.name()).isEqualTo(lab);
        assertThat(container.image()).isEqualTo(context.state().get(ResourceKey.REPOSITORY_URI).orElseThrow() + ":latest");
        assertThat(container.environment()).extracting(KeyValuePair::name, KeyValuePair::value)
                .contains(org.assertj.core.groups.Tuple.tuple("MODEL_URI", MODEL_URI),
                        org.assertj.core.groups.Tuple.tuple("PORT", "8000"));
        assertThat(container.logConfiguration().logDriverAsString()).isEqualTo("awslogs");
        assertThat(container.logConfiguration().options()).containsEntry("awslogs-group", "/ecs/" + lab)
                .containsEntry("awslogs-region", "us-east-1").containsEntry("awslogs-stream-prefix", "ecs");

        Service service = service(cluster, lab);
        assertThat(service.status()).isEqualTo("ACTIVE");
        assertThat(service.desiredCount()).isEqualTo(2);
        assertThat(service.launchTypeAsString()).isEqualTo("FARGATE");
        assertThat(service.networkConfiguration().awsvpcConfiguration().subnets()).containsExactlyInAnyOrder(
                context.state().get(ResourceKey.PRIVATE_SUBNET_1).orElseThrow(),
                context.state().get(ResourceKey.PRIVATE_SUBNET_2).orElseThrow());
        assertThat(service.networkConfiguration().awsvpcConfiguration().assignPublicIp())
                .isEqualTo(AssignPublicIp.DISABLED);
        assertThat(service.networkConfiguration().awsvpcConfiguration().securityGroups())
                .containsExactly(context.state().get(ResourceKey.TASK_SECURITY_GROUP).orElseThrow());
        assertThat(service.loadBalancers()).singleElement().satisfies(l -> {
            assertThat(l.targetGroupArn()).isEqualTo(group.targetGroupArn());
            assertThat(l.containerName()).isEqualTo(lab);
            assertThat(l.containerPort()).isEqualTo(8000);
        });

        assertThat(events).noneMatch(e -> e.message().contains("is not pushed yet"));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(LabEvent.Kind.WARNING);
            assertThat(e.message()).startsWith("practice mode");
        });
        assertThat(events).anySatisfy(e -> assertThat(e.message()).contains("waiting for the load balancer"));
        // moto runs with MOTO_ECS_SERVICE_RUNNING=2, so the service became stable and the step waited for it.
        assertThat(events).anySatisfy(e -> assertThat(e.message())
                .isEqualTo("waiting for 2 tasks to start and pass health checks, usually 2-5 minutes"));
        assertThat(events).noneMatch(e -> e.message().contains("the emulator reports"));
        assertThat(context.state().get(ResourceKey.CREATED_ROLES)).contains(lab + "-task-role," + lab + "-execution-role");

        // Everything exists now: a plan finds nothing to do, and applying again creates nothing.
        for (Step step : steps()) {
            assertThat(step.plan(context)).as(step.id().name()).isEqualTo(PlanAction.NOTHING);
        }
        Map<ResourceKey, String> before = context.state().ids();
        applyAll(context);
        assertThat(context.state().ids()).isEqualTo(before);
        assertThat(aws.elb().describeLoadBalancers().loadBalancers()
                .stream().filter(b -> b.loadBalancerName().equals(lab + "-alb"))).hasSize(1);
        assertThat(aws.ecs().listServices(r -> r.cluster(cluster)).serviceArns()).hasSize(1);
        assertThat(aws.ecs().describeTaskDefinition(r -> r.taskDefinition(lab)).taskDefinition().revision())
                .isEqualTo(definition.revision());
        assertThat(aws.elb().describeListeners(r -> r.loadBalancerArn(balancer.loadBalancerArn())).listeners())
                .hasSize(1);

        assertThat(new ImageStep().verify(context)).singleElement().satisfies(r -> {
            assertThat(r.met()).isTrue();
            assertThat(r.detail()).startsWith(context.state().get(ResourceKey.REPOSITORY_URI).orElseThrow() + ":latest (sha256:");
        });

        List<Requirement> requirements = new ArrayList<>();
        for (Step step : steps()) {
            requirements.addAll(step.verify(context));
        }
        assertThat(requirements).filteredOn(r -> !r.met()).as("requirements not met").isEmpty();
        assertThat(requirements).extracting(Requirement::step).contains(StepId.TARGET_GROUP, StepId.LOAD_BALANCER,
                StepId.LISTENER, StepId.LOG_GROUP, StepId.ROLES, StepId.CLUSTER, StepId.TASK_DEFINITION, StepId.SERVICE);
        assertThat(requirements).extracting(Requirement::text).contains("listener HTTP 80 forwards to " + lab + "-tg");
        assertThat(requirements).filteredOn(r -> r.step() == StepId.ENDPOINT_TEST)
                .singleElement().satisfies(r -> {
                    assertThat(r.met()).isTrue();
                    assertThat(r.detail()).contains("practice mode");
                });

        assertThat(new LoadBalancerStep().inventory(context)).singleElement()
                .satisfies(r -> assertThat(r.hourlyUsd()).isEqualTo(0.0225 + 2 * 0.005, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(new ServiceStep().inventory(context)).singleElement()
                .satisfies(r -> assertThat(r.hourlyUsd()).isGreaterThan(0));

        List<Step> reverse = new ArrayList<>(steps());
        java.util.Collections.reverse(reverse);
        for (Step step : reverse) {
            step.destroy(context);
        }
        // Idempotent: a second teardown finds nothing and fails on nothing.
        for (Step step : reverse) {
            step.destroy(context);
        }

        assertThat(aws.ecs().describeServices(r -> r.cluster(cluster).services(lab + "-service")).services())
                .allSatisfy(s -> assertThat(s.status()).isEqualTo("INACTIVE"));
        assertThat(aws.ecs().describeClusters(r -> r.clusters(cluster)).clusters())
                .allSatisfy(c -> assertThat(c.status()).isEqualTo("INACTIVE"));
        assertThat(aws.ecs().listTaskDefinitions(r -> r.familyPrefix(lab).status("ACTIVE")).taskDefinitionArns())
                .isEmpty();
        assertThatThrownBy(LoadBalancerNotFoundException.class,
                () -> aws.elb().describeLoadBalancers(r -> r.names(lab + "-alb")).loadBalancers());
        assertThatThrownBy(TargetGroupNotFoundException.class,
                () -> aws.elb().describeTargetGroups(r -> r.names(lab + "-tg")).targetGroups());
        assertThat(aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/" + lab)).logGroups()).isEmpty();
        assertThatThrownBy(NoSuchEntityException.class, () -> aws.iam().getRole(r -> r.roleName(lab + "-task-role")));
        assertThatThrownBy(NoSuchEntityException.class,
                () -> aws.iam().getRole(r -> r.roleName(lab + "-execution-role")));
        for (Step step : steps()) {
            assertThat(step.inventory(context)).as(step.id().name()).isEmpty();
        }
        assertThat(context.state().ids()).doesNotContainKeys(ResourceKey.TARGET_GROUP, ResourceKey.LOAD_BALANCER,
                ResourceKey.LISTENER, ResourceKey.LOG_GROUP, ResourceKey.TASK_ROLE, ResourceKey.CREATED_ROLES,
                ResourceKey.CLUSTER, ResourceKey.TASK_DEFINITION, ResourceKey.SERVICE);
    }

    @Test
    void changedSettingsRegisterANewRevisionAndUpdateTheService() {
        String lab = "ctr-change";
        LabContext context = context(lab);
        prerequisites(context);
        dev.labconsole.testing.DockerPush.latest(aws.ecr(), lab);
        applyAll(context);
        String cluster = context.state().get(ResourceKey.CLUSTER).orElseThrow();
        String first = context.state().get(ResourceKey.TASK_DEFINITION).orElseThrow();
        LabConfig c = context.config();
        LabConfig bigger = new LabConfig(c.lab(), c.vpcCidr(), c.publicSubnetCidrs(), c.privateSubnetCidrs(),
                c.listenerPort(), c.containerPort(), c.healthCheckPath(), 1, 2048, 4096, c.logRetentionDays(),
                c.bucketName(), c.image(), c.taskRoleArn(), c.executionRoleArn(), c.modelUri(), c.keepBucket());
        LabContext changed = new LabContext(bigger, aws, context.state(), events::add, context.retry(),
                context.waitTimeout());

        assertThat(new TaskDefinitionStep().plan(changed)).isEqualTo(PlanAction.CREATE);
        assertThat(new ServiceStep().plan(changed)).isEqualTo(PlanAction.ADOPT);
        new TaskDefinitionStep().apply(changed);
        new ServiceStep().apply(changed);

        String second = changed.state().get(ResourceKey.TASK_DEFINITION).orElseThrow();
        assertThat(second).isNotEqualTo(first).endsWith(":2");
        TaskDefinition definition = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(second)).taskDefinition();
        assertThat(definition.cpu()).isEqualTo("2048");
        assertThat(definition.memory()).isEqualTo("4096");
        Service service = service(cluster, lab);
        assertThat(service.taskDefinition()).isEqualTo(second);
        assertThat(service.desiredCount()).isEqualTo(1);
        assertThat(aws.ecs().listServices(r -> r.cluster(cluster)).serviceArns()).hasSize(1);
        assertThat(new ServiceStep().plannedHourlyUsd(bigger)).isEqualTo(2 * 0.04048 + 4 * 0.004445,
                org.assertj.core.data.Offset.offset(1e-9));

        List<Step> reverse = new ArrayList<>(steps());
        java.util.Collections.reverse(reverse);
        for (Step step : reverse) {
            step.destroy(changed);
        }
        // Every revision of the family is deregistered, not only the latest.
        assertThat(aws.ecs().listTaskDefinitions(r -> r.familyPrefix(lab).status("ACTIVE")).taskDefinitionArns())
                .isEmpty();
        assertThat(aws.ecs().describeClusters(r -> r.clusters(cluster)).clusters())
                .allSatisfy(cl -> assertThat(cl.status()).isEqualTo("INACTIVE"));
    }

    @Test
    void withoutAnImageTheServiceHasNoTasksUntilItIsPushedThenAnotherApplyStartsThem() {
        String lab = "ctr-noimage";
        LabContext context = context(lab);
        prerequisites(context);

        applyAll(context);

        String cluster = context.state().get(ResourceKey.CLUSTER).orElseThrow();
        String image = context.state().get(ResourceKey.REPOSITORY_URI).orElseThrow() + ":latest";
        assertThat(service(cluster, lab).desiredCount()).as("no task could pull the image").isZero();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.step()).isEqualTo(StepId.SERVICE);
            assertThat(e.kind()).isEqualTo(LabEvent.Kind.WARNING);
            assertThat(e.message()).startsWith("the service has 0 tasks until the image is pushed: push it")
                    .contains("./labconsole image push").contains("Create again to start 2 tasks");
        });
        assertThat(events).noneMatch(e -> e.step() == StepId.SERVICE && e.kind() == LabEvent.Kind.WAITING);
        assertThat(new ServiceStep().plan(context)).as("nothing to do until the image is there")
                .isEqualTo(PlanAction.NOTHING);
        // Practice mode without a local registry cannot push: the image requirement is the one that fails.
        assertThat(new ImageStep().verify(context)).singleElement().satisfies(r -> {
            assertThat(r.met()).isFalse();
            assertThat(r.detail()).contains("practice mode needs a local registry");
        });
        assertThat(new ServiceStep().verify(context)).filteredOn(r -> r.text().equals("service wants 2 tasks"))
                .singleElement().satisfies(r -> {
                    assertThat(r.met()).isTrue();
                    assertThat(r.detail()).startsWith("practice mode: 0 tasks");
                });

        dev.labconsole.testing.DockerPush.latest(aws.ecr(), lab);
        assertThat(new ServiceStep().plan(context)).isEqualTo(PlanAction.ADOPT);
        events.clear();
        new ServiceStep().apply(context);

        Service service = service(cluster, lab);
        assertThat(service.desiredCount()).isEqualTo(2);
        assertThat(service.deploymentConfiguration().deploymentCircuitBreaker().enable()).isTrue();
        assertThat(service.deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();
        assertThat(service.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(100);
        assertThat(service.deploymentConfiguration().maximumPercent()).isEqualTo(200);
        assertThat(service.healthCheckGracePeriodSeconds()).isEqualTo(ServiceTiming.HEALTH_CHECK_GRACE_SECONDS);
        assertThat(events).extracting(LabEvent::message).contains("updated " + lab + "-service: 2 tasks,"
                + " deployment circuit breaker on, with rollback, health check grace period "
                + ServiceTiming.HEALTH_CHECK_GRACE_SECONDS + " s",
                "waiting for 2 tasks to start and pass health checks, usually 2-5 minutes",
                lab + "-service is stable with 2 tasks");
        assertThat(aws.ecs().listServices(r -> r.cluster(cluster)).serviceArns()).hasSize(1);
        assertThat(new ServiceStep().plan(context)).isEqualTo(PlanAction.NOTHING);

        // ECS's own account of the service, read back the way status and the window read it: moto has no
        // failing tasks of its own, so one is started in the service's group and stopped as ECS would stop it.
        // (moto's RunTask needs a container-level memory, which the lab's task definition leaves to the task.)
        String taskDefinition = aws.ecs().registerTaskDefinition(r -> r.family(lab + "-probe")
                .containerDefinitions(c -> c.name(lab).image(image).memory(512))).taskDefinition()
                .taskDefinitionArn();
        String task = aws.ecs().runTask(r -> r.cluster(cluster).taskDefinition(taskDefinition)
                .launchType(software.amazon.awssdk.services.ecs.model.LaunchType.FARGATE)
                .group("service:" + lab + "-service")).tasks().get(0).taskArn();
        aws.ecs().stopTask(r -> r.cluster(cluster).task(task).reason("CannotPullContainerError: pull image manifest"
                + " has been retried 5 time(s): failed to resolve ref " + image + ": not found"));
        ServiceDiagnosis.Diagnosis diagnosis = ServiceDiagnosis.observe(aws.ecs(), aws.elb(), context.state())
                .map(ServiceDiagnosis::diagnose).orElseThrow();
        assertThat(diagnosis.service()).isEqualTo(lab + "-service");
        assertThat(diagnosis.desired()).isEqualTo(2);
        assertThat(diagnosis.findings()).singleElement().satisfies(f -> {
            assertThat(f.cause()).isEqualTo(ServiceDiagnosis.Cause.IMAGE_NOT_PULLED);
            assertThat(f.task()).isEqualTo(task.substring(task.lastIndexOf('/') + 1));
            assertThat(f.evidence()).endsWith(image + ": not found");
        });

        new ServiceStep().destroy(context);
        assertThat(ServiceDiagnosis.observe(aws.ecs(), aws.elb(), context.state())).as("no service, no diagnosis")
                .isEmpty();
    }

    @Test
    void theTargetGroupChecksHealthAsTimedAndAnAdoptedOneIsSetSo() {
        String lab = "ctr-timing";
        LabContext context = context(lab);
        prerequisites(context);
        String vpc = context.state().get(ResourceKey.VPC).orElseThrow();
        // Built by hand with AWS's defaults: checks every 30 s, 5 to be healthy, 300 s to deregister.
        String arn = aws.elb().createTargetGroup(r -> r.name(lab + "-tg").protocol("HTTP").port(8000).vpcId(vpc)
                .targetType("ip").healthCheckPath("/health")).targetGroups().get(0).targetGroupArn();
        assertThat(new TargetGroupStep().verify(context)).filteredOn(r -> r.text().endsWith("(advice)"))
                .hasSize(2).allSatisfy(r -> {
                    assertThat(r.met()).as("advice, not a requirement").isTrue();
                    assertThat(r.detail()).startsWith("advice: ").contains("Create again sets");
                });

        new TargetGroupStep().apply(context);

        TargetGroup group = aws.elb().describeTargetGroups(r -> r.targetGroupArns(arn)).targetGroups().get(0);
        assertThat(group.healthCheckIntervalSeconds()).isEqualTo(ServiceTiming.HEALTH_CHECK_INTERVAL_SECONDS);
        assertThat(group.healthCheckTimeoutSeconds()).isEqualTo(ServiceTiming.HEALTH_CHECK_TIMEOUT_SECONDS);
        assertThat(group.healthyThresholdCount()).isEqualTo(ServiceTiming.HEALTHY_THRESHOLD);
        assertThat(group.unhealthyThresholdCount()).isEqualTo(ServiceTiming.UNHEALTHY_THRESHOLD);
        assertThat(aws.elb().describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes())
                .anySatisfy(a -> {
                    assertThat(a.key()).isEqualTo("deregistration_delay.timeout_seconds");
                    assertThat(a.value()).isEqualTo(String.valueOf(ServiceTiming.DEREGISTRATION_DELAY_SECONDS));
                });
        assertThat(events).extracting(LabEvent::message).contains("updated " + lab + "-tg's health checks: every 10 s,"
                + " healthy after 2, unhealthy after 3, timeout 5 s");
        assertThat(new TargetGroupStep().verify(context)).filteredOn(r -> r.text().endsWith("(advice)"))
                .extracting(Requirement::detail).containsExactly("every 10 s, healthy after 2, unhealthy after 3,"
                        + " timeout 5 s", "30 s");

        // A group the lab creates has the timing from the start.
        new TargetGroupStep().destroy(context);
        events.clear();
        new TargetGroupStep().apply(context);
        String created = context.state().get(ResourceKey.TARGET_GROUP).orElseThrow();
        assertThat(created).isNotEqualTo(arn);
        assertThat(TargetGroupStep.healthChecksAsTimed(aws.elb().describeTargetGroups(r -> r.targetGroupArns(created))
                .targetGroups().get(0))).isTrue();
        assertThat(TargetGroupStep.deregistrationDelay(context, created)).contains(30);
        assertThat(events).noneMatch(e -> e.message().contains("updated"));
    }

    @Test
    void applyStopsWaitingWhenTheServicesTasksKeepFailingToPullTheirImage() {
        String lab = "ctr-failing";
        LabConfig c = LabConfig.named(lab);
        LabContext three = TestLabContexts.quick(withDesiredCount(c, 3), aws, new LabStateStore(home).open(lab),
                events::add);
        prerequisites(three);
        dev.labconsole.testing.DockerPush.latest(aws.ecr(), lab);
        // moto runs 2 tasks whatever the service wants: with 3 wanted its deployment stays IN_PROGRESS.
        applyAll(three);
        assertThat(events).anySatisfy(e -> assertThat(e.message()).startsWith("practice mode: the emulator reports 2"
                + " running tasks"));
        String cluster = three.state().get(ResourceKey.CLUSTER).orElseThrow();
        String image = three.state().get(ResourceKey.REPOSITORY_URI).orElseThrow() + ":latest";
        String probe = aws.ecs().registerTaskDefinition(r -> r.family(lab + "-probe")
                .containerDefinitions(d -> d.name(lab).image(image).memory(512))).taskDefinition().taskDefinitionArn();
        // While the step waits, each pause sees one more of the service's tasks fail to pull the image, as on AWS.
        List<java.time.Duration> pauses = new ArrayList<>();
        // The rollout sleeps in slices of a second (so that Stop is heard): fifteen make one pause.
        java.time.Duration[] slices = {java.time.Duration.ZERO};
        ServiceStep step = new ServiceStep(new ServiceRollout(java.time.Clock.systemUTC(), slice -> {
            slices[0] = slices[0].plus(slice);
            if (slices[0].compareTo(java.time.Duration.ofSeconds(15)) < 0) {
                return;
            }
            pauses.add(slices[0]);
            slices[0] = java.time.Duration.ZERO;
            String task = aws.ecs().runTask(r -> r.cluster(cluster).taskDefinition(probe)
                    .launchType(software.amazon.awssdk.services.ecs.model.LaunchType.FARGATE)
                    .group("service:" + lab + "-service")).tasks().get(0).taskArn();
            aws.ecs().stopTask(r -> r.cluster(cluster).task(task).reason("CannotPullContainerError: pull image"
                    + " manifest has been retried 5 time(s): failed to resolve ref " + image + ": not found"));
        }, java.time.Duration.ofSeconds(15), 3));
        LabContext two = new LabContext(withDesiredCount(c, 2), aws, three.state(), events::add, three.retry(),
                three.waitTimeout());
        events.clear();

        // Two of two running now, but the deployment never completes: the tasks' failures end the wait.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> step.apply(two))
                .isInstanceOf(ServiceNotHealthyException.class)
                .hasMessageStartingWith("the last 3 tasks stopped the same way, so ECS trying again will not help: the"
                        + " task could not pull its image: CannotPullContainerError")
                .hasMessageContaining(image + ": not found");
        assertThat(pauses).as("three pauses of 15 s, not a 15-minute wait").hasSize(3)
                .allMatch(p -> p.equals(java.time.Duration.ofSeconds(15)));
        assertThat(events).filteredOn(e -> e.payload() instanceof ServiceDiagnosis.Finding).singleElement()
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(LabEvent.Kind.WARNING);
                    assertThat(((ServiceDiagnosis.Finding) e.payload()).cause())
                            .isEqualTo(ServiceDiagnosis.Cause.IMAGE_NOT_PULLED);
                });
    }

    private static LabConfig withDesiredCount(LabConfig c, int desired) {
        return new LabConfig(c.lab(), c.vpcCidr(), c.publicSubnetCidrs(), c.privateSubnetCidrs(), c.listenerPort(),
                c.containerPort(), c.healthCheckPath(), desired, c.cpu(), c.memoryMiB(), c.logRetentionDays(),
                c.bucketName(), c.image(), c.taskRoleArn(), c.executionRoleArn(), c.modelUri(), c.keepBucket());
    }

    private Service service(String cluster, String lab) {
        List<Service> services = aws.ecs().describeServices(r -> r.cluster(cluster).services(lab + "-service")).services();
        assertThat(services).hasSize(1);
        return services.get(0);
    }

    private static void assertThatThrownBy(Class<? extends Throwable> type, Runnable call) {
        org.assertj.core.api.Assertions.assertThatThrownBy(call::run).isInstanceOf(type);
    }
}
