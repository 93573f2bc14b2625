package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StepGraphTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(6);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static StepOutcome done(StepId id) {
        return new StepOutcome(id, StepOutcome.Status.DONE, "", Duration.ZERO);
    }

    @Test
    void everyStepStartsOnlyAfterWhatItNeeds() {
        List<StepId> order = new CopyOnWriteArrayList<>();
        Map<StepId, StepOutcome> outcomes = StepGraph.forward(EnumSet.allOf(StepId.class), pool, id -> {
            order.add(id);
            return done(id);
        });
        assertThat(outcomes).hasSize(StepId.values().length);
        for (StepId step : StepId.values()) {
            for (StepId need : step.dependsOn()) {
                assertThat(order.indexOf(need)).as(step + " after " + need).isLessThan(order.indexOf(step));
            }
        }
    }

    @Test
    void natGatewayAndLoadBalancerRunAtTheSameTime() throws Exception {
        // Each of the two blocks until the other has started: this only finishes if they overlap.
        CountDownLatch bothStarted = new CountDownLatch(2);
        Map<StepId, Boolean> overlapped = new ConcurrentHashMap<>();
        StepGraph.forward(EnumSet.allOf(StepId.class), pool, id -> {
            if (id == StepId.NAT_GATEWAY || id == StepId.LOAD_BALANCER) {
                bothStarted.countDown();
                try {
                    overlapped.put(id, bothStarted.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return done(id);
        });
        assertThat(overlapped).containsEntry(StepId.NAT_GATEWAY, true).containsEntry(StepId.LOAD_BALANCER, true);
    }

    @Test
    void aFailedStepSkipsWhatNeedsItButNotIndependentSteps() {
        Map<StepId, StepOutcome> outcomes = StepGraph.forward(EnumSet.allOf(StepId.class), pool, id ->
                id == StepId.NAT_GATEWAY ? new StepOutcome(id, StepOutcome.Status.FAILED, "quota", Duration.ZERO) : done(id));
        assertThat(outcomes.get(StepId.PRIVATE_ROUTES).status()).isEqualTo(StepOutcome.Status.SKIPPED);
        assertThat(outcomes.get(StepId.PRIVATE_ROUTES).message()).contains("NAT gateway");
        assertThat(outcomes.get(StepId.SERVICE).status()).isEqualTo(StepOutcome.Status.SKIPPED);
        assertThat(outcomes.get(StepId.LOAD_BALANCER).status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(outcomes.get(StepId.BUCKET).status()).isEqualTo(StepOutcome.Status.DONE);
    }

    @Test
    void teardownRunsEveryStepAfterWhatDependsOnItEvenWhenSomethingFails() {
        List<StepId> order = new CopyOnWriteArrayList<>();
        Map<StepId, StepOutcome> outcomes = StepGraph.reverse(EnumSet.allOf(StepId.class), pool, id -> {
            order.add(id);
            return id == StepId.SERVICE ? new StepOutcome(id, StepOutcome.Status.FAILED, "x", Duration.ZERO) : done(id);
        });
        assertThat(order).hasSize(StepId.values().length);
        assertThat(outcomes.get(StepId.VPC).status()).isEqualTo(StepOutcome.Status.DONE);
        for (StepId step : StepId.values()) {
            for (StepId need : step.dependsOn()) {
                assertThat(order.indexOf(step)).as(need + " destroyed after " + step).isLessThan(order.indexOf(need));
            }
        }
    }

    @Test
    void aSubsetRunsOnlyItsOwnSteps() {
        Set<StepId> network = EnumSet.of(StepId.VPC, StepId.SUBNETS);
        List<StepId> order = new CopyOnWriteArrayList<>();
        StepGraph.forward(network, pool, id -> {
            order.add(id);
            return done(id);
        });
        assertThat(order).containsExactly(StepId.VPC, StepId.SUBNETS);
    }
}
