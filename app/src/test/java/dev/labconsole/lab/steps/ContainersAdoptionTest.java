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
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.TestLabContexts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * A student who built the load balancer part by hand (console or CLI, no lab tags): verify finds it by
 * name, reports what is wrong, records it; teardown leaves untagged resources it did not create alone.
 */
@ExtendWith(MotoExtension.class)
class ContainersAdoptionTest {

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

    @Test
    void verifyAdoptsAHandBuiltTargetGroupAndReportsItsWrongHealthCheck() {
        String lab = "ctr-byhand";
        LabContext context = context(lab);
        String vpc = aws.ec2().createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        context.state().put(ResourceKey.VPC, vpc);
        String arn = aws.elb().createTargetGroup(r -> r.name(lab + "-tg").protocol(ProtocolEnum.HTTP).port(8000)
                .vpcId(vpc).targetType(TargetTypeEnum.IP).healthCheckPath("/")).targetGroups().get(0).targetGroupArn();
        TargetGroupStep step = new TargetGroupStep();

        assertThat(step.plan(context)).isEqualTo(PlanAction.ADOPT);
        List<Requirement> requirements = step.verify(context);

        assertThat(context.state().get(ResourceKey.TARGET_GROUP)).contains(arn);
        assertThat(requirements).filteredOn(r -> !r.met()).singleElement()
                .satisfies(r -> {
                    assertThat(r.text()).isEqualTo("target group health check path is /health");
                    assertThat(r.detail()).isEqualTo("/");
                });
        assertThat(requirements).filteredOn(Requirement::met).extracting(Requirement::text)
                .contains("target group uses HTTP on port 8000");
    }

    @Test
    void teardownLeavesUntaggedRolesAndLogGroupsItDidNotCreate() {
        String lab = "ctr-foreign";
        LabContext context = context(lab);
        aws.iam().createRole(r -> r.roleName(lab + "-task-role").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}"));
        aws.logs().createLogGroup(r -> r.logGroupName("/ecs/" + lab));

        new RolesStep().destroy(context);
        new LogGroupStep().destroy(context);

        assertThat(aws.iam().getRole(r -> r.roleName(lab + "-task-role")).role().roleName()).isEqualTo(lab + "-task-role");
        assertThat(aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/" + lab)).logGroups()).hasSize(1);
        assertThat(new RolesStep().inventory(context)).isEmpty();
    }

    @Test
    void awsAcademyUsesLabRoleForBothRolesAndNeverCreatesOrDeletesIt() {
        String lab = "ctr-academy";
        LabContext context = context(lab);
        String labRole = aws.iam().createRole(r -> r.roleName(IdentityStep.ACADEMY_ROLE).assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
        try {
            RolesStep step = new RolesStep();
            step.apply(context);

            assertThat(context.state().get(ResourceKey.TASK_ROLE)).contains(labRole);
            assertThat(context.state().get(ResourceKey.EXECUTION_ROLE)).contains(labRole);
            assertThat(context.state().get(ResourceKey.CREATED_ROLES)).isEmpty();
            assertThat(aws.iam().listRoles().roles()).extracting(r -> r.roleName())
                    .doesNotContain(lab + "-task-role", lab + "-execution-role");
            assertThat(step.verify(context)).allMatch(Requirement::met);

            step.destroy(context);

            assertThat(aws.iam().getRole(r -> r.roleName(IdentityStep.ACADEMY_ROLE)).role().arn()).isEqualTo(labRole);
        } finally {
            // One emulator serves the whole run: other tests must not see an Academy account.
            aws.iam().deleteRole(r -> r.roleName(IdentityStep.ACADEMY_ROLE));
        }
    }

    @Test
    void practiceModeSkipsTheEndpointTestWithAWarning() {
        LabContext context = context("ctr-endpoint");
        context.state().put(ResourceKey.LOAD_BALANCER_DNS, "ctr-endpoint-alb-1.us-east-1.elb.amazonaws.com");

        new EndpointTestStep().apply(context);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LabEvent.Kind.WARNING);
            assertThat(e.message()).contains("practice mode").contains("cannot be tested here");
        });
        assertThat(new EndpointTestStep().verify(context)).singleElement().satisfies(r -> {
            assertThat(r.met()).isTrue();
            assertThat(r.detail()).contains("skipped");
        });
    }
}
