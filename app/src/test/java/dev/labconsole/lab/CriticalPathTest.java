package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriticalPathTest {

    @Test
    void onAwsTheLoadBalancerAndTheNatGatewayOverlapAndTheServiceWaitsForTheSlower() {
        CriticalPath path = CriticalPath.of(CriticalPath.typicalOnAws());
        assertThat(path.path()).contains(StepId.LOAD_BALANCER, StepId.SERVICE).doesNotContain(StepId.NAT_GATEWAY);
        assertThat(path.path().get(0)).isEqualTo(StepId.IDENTITY);
        // The NAT gateway's two minutes hide entirely inside the load balancer's two and a half.
        assertThat(path.sum().minus(path.total())).isGreaterThanOrEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aChainCountsEveryLinkAndSkipsTheShorterBranch() {
        Map<StepId, Duration> d = new EnumMap<>(StepId.class);
        d.put(StepId.VPC, Duration.ofSeconds(1));
        d.put(StepId.SUBNETS, Duration.ofSeconds(2));
        d.put(StepId.INTERNET_GATEWAY, Duration.ofSeconds(5));
        d.put(StepId.PUBLIC_ROUTES, Duration.ofSeconds(1));
        CriticalPath path = CriticalPath.of(d);
        assertThat(path.total()).isEqualTo(Duration.ofSeconds(7));
        assertThat(path.sum()).isEqualTo(Duration.ofSeconds(9));
        assertThat(path.path()).containsSubsequence(StepId.VPC, StepId.INTERNET_GATEWAY, StepId.PUBLIC_ROUTES);
    }
}
