package dev.labconsole.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.net.URI;
import java.util.EnumSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;

/**
 * The AWS-like proxy in front of a real moto server, driven by plain SDK clients without retries, so
 * each answer is the proxy's own: AWS's waits on a 1/100 time scale, the errors of a teardown in the
 * wrong order, the first cluster's service-linked role, expired tokens, and lost replies.
 */
@ExtendWith(MotoExtension.class)
class AwsLikeProxyTest {

    private static final double SCALE = 0.01;

    private static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                .retryStrategy(b -> b.maxAttempts(1)).build();
    }

    private static Ec2Client ec2(URI endpoint, String key) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).overrideConfiguration(noRetries())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, "secret"))).build();
    }

    private static String code(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (AwsServiceException e) {
            return e.awsErrorDetails().errorCode();
        }
    }

    private static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = probe.get();
        }
        return value;
    }

    @Test
    void aNatGatewayIsPendingThenAvailableAndHoldsItsAddressAndTheGatewayWhileItGoes(MotoServer moto) throws Exception {
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(SCALE));
                Ec2Client ec2 = ec2(proxy.endpoint(), "nat-test")) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
            Thread.sleep(100); // past the new VPC's eventual-consistency window (5 s x 0.01)
            String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.9.1.0/24")).subnet().subnetId();
            String igw = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
            Thread.sleep(100);
            ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
            String allocation = ec2.allocateAddress(r -> r.domain(DomainType.VPC)).allocationId();
            Thread.sleep(100);
            String nat = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(allocation)).natGateway().natGatewayId();
            Thread.sleep(100); // past its eventual-consistency window, well within its two (scaled) minutes pending
            Supplier<String> state = () -> ec2.describeNatGateways(r -> r.natGatewayIds(nat)).natGateways().get(0)
                    .stateAsString();
            assertThat(state.get()).isEqualTo("pending");
            assertThat(eventually(state, "available"::equals)).isEqualTo("available");

            assertThat(code(() -> ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc))))
                    .as("the NAT gateway's public address is mapped").isEqualTo("DependencyViolation");
            ec2.deleteNatGateway(r -> r.natGatewayId(nat));
            assertThat(state.get()).isEqualTo("deleting");
            assertThat(code(() -> ec2.releaseAddress(r -> r.allocationId(allocation)))).isEqualTo("InvalidIPAddress.InUse");
            assertThat(code(() -> ec2.deleteSubnet(r -> r.subnetId(subnet)))).isEqualTo("DependencyViolation");
            assertThat(eventually(state, "deleted"::equals)).isEqualTo("deleted");
            assertThat(code(() -> ec2.releaseAddress(r -> r.allocationId(allocation)))).isEqualTo("ok");
            assertThat(code(() -> ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc)))).isEqualTo("ok");
            assertThat(code(() -> ec2.deleteSubnet(r -> r.subnetId(subnet)))).isEqualTo("ok");
        }
    }

    @Test
    void aNewIdIsNotFoundForAMomentAfterItsCreate(MotoServer moto) throws Exception {
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(0.2));
                Ec2Client ec2 = ec2(proxy.endpoint(), "consistency")) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId();
            assertThat(code(() -> ec2.describeVpcs(r -> r.vpcIds(vpc)))).isEqualTo("InvalidVpcID.NotFound");
            Thread.sleep(1100); // 5 s x 0.2
            assertThat(code(() -> ec2.describeVpcs(r -> r.vpcIds(vpc)))).isEqualTo("ok");
        }
    }

    @Test
    void aLoadBalancerProvisionsForItsTimeAndItsInterfacesLingerAfterItsDelete(MotoServer moto) throws Exception {
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(SCALE));
                Ec2Client ec2 = ec2(proxy.endpoint(), "alb-test");
                ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().endpointOverride(proxy.endpoint())
                        .region(Region.US_EAST_1).overrideConfiguration(noRetries())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("alb", "s")))
                        .build()) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.7.0.0/16")).vpc().vpcId();
            Thread.sleep(100);
            String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.7.1.0/24").availabilityZone("us-east-1a"))
                    .subnet().subnetId();
            String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.7.2.0/24").availabilityZone("us-east-1b"))
                    .subnet().subnetId();
            Thread.sleep(100);
            var created = elb.createLoadBalancer(r -> r.name("proxy-alb").subnets(a, b)).loadBalancers().get(0);
            assertThat(created.state().code()).isEqualTo(LoadBalancerStateEnum.PROVISIONING);
            Supplier<LoadBalancerStateEnum> state = () -> elb.describeLoadBalancers(r -> r.names("proxy-alb"))
                    .loadBalancers().get(0).state().code();
            assertThat(state.get()).isEqualTo(LoadBalancerStateEnum.PROVISIONING);
            assertThat(eventually(state, LoadBalancerStateEnum.ACTIVE::equals)).isEqualTo(LoadBalancerStateEnum.ACTIVE);
            elb.deleteLoadBalancer(r -> r.loadBalancerArn(created.loadBalancerArn()));
            assertThat(code(() -> ec2.deleteSubnet(r -> r.subnetId(a)))).as("its interfaces linger")
                    .isEqualTo("DependencyViolation");
            assertThat(eventually(() -> code(() -> ec2.deleteSubnet(r -> r.subnetId(a))), "ok"::equals)).isEqualTo("ok");
        }
    }

    @Test
    void theFirstClusterWaitsForTheServiceLinkedRole(MotoServer moto) throws Exception {
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(SCALE));
                EcsClient ecs = EcsClient.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                        .overrideConfiguration(noRetries())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ecs", "s")))
                        .build()) {
            assertThatThrownBy(() -> ecs.createCluster(r -> r.clusterName("proxy-cluster")))
                    .hasMessageContaining("Unable to assume the service linked role");
            Thread.sleep(300); // 20 s x 0.01
            assertThat(ecs.createCluster(r -> r.clusterName("proxy-cluster")).cluster().status()).isEqualTo("ACTIVE");
        }
    }

    @Test
    void expiredKeysAreRefusedAndFreshOnesWork(MotoServer moto) throws Exception {
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(0));
                Ec2Client old = ec2(proxy.endpoint(), "session-1");
                Ec2Client fresh = ec2(proxy.endpoint(), "session-2")) {
            assertThat(code(() -> old.describeVpcs())).isEqualTo("ok");
            proxy.expireCredentialsNow();
            assertThat(code(() -> old.describeVpcs())).isEqualTo("ExpiredToken");
            assertThat(code(() -> fresh.describeVpcs())).isEqualTo("ok");
            assertThat(proxy.expiredAnswers()).isEqualTo(1);
        }
    }

    @Test
    void aLostReplyLeavesTheResourceCreated(MotoServer moto) throws Exception {
        EmulatorSettings allLost = EmulatorSettings.realistic(0).withFaults(1.0, 7, EnumSet.of(EmulatorSettings.Fault.LOST_REPLY));
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), allLost);
                Ec2Client lossy = ec2(proxy.endpoint(), "lossy");
                Ec2Client direct = ec2(moto.endpoint(), "direct")) {
            int before = direct.describeVpcs().vpcs().size();
            assertThatThrownBy(() -> lossy.createVpc(r -> r.cidrBlock("10.6.0.0/16"))).isInstanceOf(SdkClientException.class);
            assertThat(direct.describeVpcs().vpcs()).hasSize(before + 1);
            assertThat(proxy.injected(EmulatorSettings.Fault.LOST_REPLY)).isEqualTo(1);
        }
    }

    @Test
    void faultsAreInjectedAtTheChosenShareAndReplayWithTheSeed(MotoServer moto) throws Exception {
        int[] counts = new int[2];
        for (int run = 0; run < 2; run++) {
            try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.faultsOnly(0.3, 11));
                    Ec2Client ec2 = ec2(proxy.endpoint(), "faults")) {
                StringBuilder codes = new StringBuilder();
                for (int i = 0; i < 40; i++) {
                    try {
                        codes.append(code(ec2::describeVpcs)).append(' ');
                    } catch (SdkClientException dropped) {
                        codes.append("dropped ");
                    }
                }
                counts[run] = proxy.faults();
                assertThat(codes.toString()).contains("RequestLimitExceeded").contains("ok");
            }
        }
        assertThat(counts[0]).isBetween(5, 20).isEqualTo(counts[1]);
    }

    /**
     * A service moved to a new revision shows AWS's rolling deployment: the new PRIMARY deployment's tasks
     * pending then running beside the old ACTIVE one, the old targets deregistered and draining for the
     * target group's delay, then only the PRIMARY one, COMPLETED, and the service's events tell each step.
     * The timeline here (1/20 scale): tasks start 3 s, health checks 2 x 10 s = 1 s, draining 30 s = 1.5 s.
     */
    @Test
    void aNewRevisionRollsOutBesideTheOldOneWhichDrainsThenCompletes(MotoServer moto) throws Exception {
        EmulatorSettings settings = new EmulatorSettings(0.05, 0, java.util.Set.of(), 0, false);
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), settings);
                Ec2Client ec2 = ec2(proxy.endpoint(), "rollout");
                ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().endpointOverride(proxy.endpoint())
                        .region(Region.US_EAST_1).overrideConfiguration(noRetries())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("rollout", "s")))
                        .build();
                EcsClient ecs = EcsClient.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                        .overrideConfiguration(noRetries())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("rollout", "s")))
                        .build()) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.7.0.0/16")).vpc().vpcId();
            String group = elb.createTargetGroup(r -> r.name("rollout-tg").protocol("HTTP").port(8000).vpcId(vpc)
                    .targetType("ip").healthCheckIntervalSeconds(10).healthyThresholdCount(2))
                    .targetGroups().get(0).targetGroupArn();
            elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(group).attributes(
                    a -> a.key("deregistration_delay.timeout_seconds").value("30")));
            String cluster = ecs.createCluster(r -> r.clusterName("rollout-cluster")).cluster().clusterArn();
            String[] revisions = new String[2];
            for (int i = 0; i < 2; i++) {
                revisions[i] = ecs.registerTaskDefinition(r -> r.family("rollout").containerDefinitions(
                        c -> c.name("app").image("server").memory(512))).taskDefinition().taskDefinitionArn();
            }
            ecs.createService(r -> r.cluster(cluster).serviceName("rollout-service").taskDefinition(revisions[0])
                    .desiredCount(2).loadBalancers(b -> b.targetGroupArn(group).containerName("app").containerPort(8000))
                    .deploymentConfiguration(d -> d.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))
                            .alarms(a -> a.alarmNames("lab-5xx").enable(true).rollback(true))));
            Supplier<software.amazon.awssdk.services.ecs.model.Service> service = () -> ecs.describeServices(
                    r -> r.cluster(cluster).services("rollout-service")).services().get(0);
            // moto keeps the configuration but never answers it; AWS does.
            assertThat(service.get().deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();
            assertThat(service.get().deploymentConfiguration().alarms().alarmNames()).containsExactly("lab-5xx");
            assertThat(service.get().deployments()).hasSize(1);

            ecs.updateService(r -> r.cluster(cluster).service("rollout-service").taskDefinition(revisions[1]));

            var starting = service.get();
            assertThat(starting.deployments()).hasSize(2);
            var primary = starting.deployments().get(0);
            var active = starting.deployments().get(1);
            assertThat(primary.status()).isEqualTo("PRIMARY");
            assertThat(primary.taskDefinition()).isEqualTo(revisions[1]);
            assertThat(primary.rolloutStateAsString()).isEqualTo("IN_PROGRESS");
            assertThat(primary.rolloutStateReason()).contains(primary.id()).endsWith("in progress.");
            assertThat(primary.pendingCount()).isEqualTo(2);
            assertThat(primary.runningCount()).isZero();
            assertThat(active.status()).isEqualTo("ACTIVE");
            assertThat(active.taskDefinition()).isEqualTo(revisions[0]);
            assertThat(active.runningCount()).isEqualTo(2);
            assertThat(active.id()).isNotEqualTo(primary.id());
            assertThat(starting.runningCount()).isEqualTo(2);
            assertThat(starting.pendingCount()).isEqualTo(2);
            assertThat(starting.events().get(0).message()).startsWith("(service rollout-service) has started 2 tasks:");

            var draining = eventually(service, s -> s.deployments().size() == 2
                    && s.deployments().get(1).desiredCount() == 0);
            assertThat(draining.deployments().get(0).runningCount()).isEqualTo(2);
            assertThat(draining.deployments().get(0).rolloutStateAsString()).isEqualTo("IN_PROGRESS");
            assertThat(draining.deployments().get(1).runningCount()).as("old tasks run while their targets drain")
                    .isEqualTo(2);
            assertThat(draining.runningCount()).isEqualTo(4);
            assertThat(draining.events()).extracting(e -> e.message()).contains(
                    "(service rollout-service) registered 2 targets in (target-group " + group + ")",
                    "(service rollout-service) has begun draining connections on 2 tasks.",
                    "(service rollout-service) deregistered 2 targets in (target-group " + group + ")");

            var completed = eventually(service, s -> s.deployments().size() == 1);
            assertThat(completed.deployments().get(0).id()).isEqualTo(primary.id());
            assertThat(completed.deployments().get(0).taskDefinition()).isEqualTo(revisions[1]);
            assertThat(completed.deployments().get(0).rolloutStateAsString()).isEqualTo("COMPLETED");
            assertThat(completed.runningCount()).isEqualTo(2);
            assertThat(completed.events()).extracting(e -> e.message()).startsWith(
                    "(service rollout-service) has reached a steady state.",
                    "(service rollout-service) (deployment " + primary.id() + ") deployment completed.")
                    .anyMatch(m -> m.startsWith("(service rollout-service) has stopped 2 running tasks:"));
            assertThat(completed.events()).isSortedAccordingTo((a, b) -> b.createdAt().compareTo(a.createdAt()));
            // The whole rollout took its scaled time: 3 s + 1 s + 1.5 s.
            assertThat(java.time.Duration.between(primary.createdAt(), completed.events().get(0).createdAt()))
                    .isBetween(java.time.Duration.ofMillis(5_000), java.time.Duration.ofMillis(6_000));
        }
    }
}
