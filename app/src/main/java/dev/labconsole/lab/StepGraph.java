package dev.labconsole.lab;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Runs steps in dependency order, each as soon as what it needs is done, so independent steps (the
 * NAT gateway and the load balancer; storage beside the network) run at the same time. Forward, a
 * step whose dependency failed is skipped; in reverse (teardown) a step runs once everything that
 * depends on it has run, whatever the outcome, because teardown is best effort.
 */
public final class StepGraph {

    private StepGraph() {
    }

    /** Throws naming a cycle if {@code steps}' dependencies have one. */
    public static void checkAcyclic(Set<StepId> steps) {
        Map<StepId, Integer> mark = new EnumMap<>(StepId.class);
        for (StepId s : steps) {
            visit(s, steps, mark, new ArrayList<>());
        }
    }

    private static void visit(StepId step, Set<StepId> steps, Map<StepId, Integer> mark, List<StepId> path) {
        Integer m = mark.get(step);
        if (m != null && m == 2) {
            return;
        }
        path.add(step);
        if (m != null) {
            throw new IllegalStateException("the steps depend on each other in a cycle: " + path);
        }
        mark.put(step, 1);
        for (StepId d : step.dependsOn()) {
            if (steps.contains(d)) {
                visit(d, steps, mark, path);
            }
        }
        mark.put(step, 2);
        path.remove(path.size() - 1);
    }

    /** Runs {@code action} on every step of {@code steps} in dependency order; returns each outcome. */
    public static Map<StepId, StepOutcome> forward(Set<StepId> steps, ExecutorService pool,
            Function<StepId, StepOutcome> action) {
        return forward(steps, pool, action, skipped -> { });
    }

    /**
     * {@link #forward} that tells {@code skipped} of each step skipped because a step it needs did not
     * finish, as it is skipped (so a listener can say why the step never started).
     */
    public static Map<StepId, StepOutcome> forward(Set<StepId> steps, ExecutorService pool,
            Function<StepId, StepOutcome> action, java.util.function.Consumer<StepOutcome> skipped) {
        return runAll(steps, pool, action, false, skipped);
    }

    /** Runs {@code action} on every step after all steps that depend on it; returns each outcome. */
    public static Map<StepId, StepOutcome> reverse(Set<StepId> steps, ExecutorService pool,
            Function<StepId, StepOutcome> action) {
        return runAll(steps, pool, action, true, skipped -> { });
    }

    private static Map<StepId, StepOutcome> runAll(Set<StepId> steps, ExecutorService pool,
            Function<StepId, StepOutcome> action, boolean reverse, java.util.function.Consumer<StepOutcome> skipped) {
        checkAcyclic(steps);
        Map<StepId, CompletableFuture<StepOutcome>> futures = new EnumMap<>(StepId.class);
        for (StepId step : steps) {
            schedule(step, steps, pool, action, futures, reverse, skipped);
        }
        return collect(futures);
    }

    private static CompletableFuture<StepOutcome> schedule(StepId step, Set<StepId> steps, ExecutorService pool,
            Function<StepId, StepOutcome> action, Map<StepId, CompletableFuture<StepOutcome>> futures,
            boolean reverse, java.util.function.Consumer<StepOutcome> skipped) {
        CompletableFuture<StepOutcome> existing = futures.get(step);
        if (existing != null) {
            return existing;
        }
        Set<StepId> before = reverse ? dependents(step, steps) : EnumSet.copyOf(step.dependsOn());
        before.retainAll(steps);
        List<CompletableFuture<StepOutcome>> waits = new ArrayList<>();
        for (StepId b : before) {
            waits.add(schedule(b, steps, pool, action, futures, reverse, skipped));
        }
        CompletableFuture<StepOutcome> future = CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
                .thenApplyAsync(ignored -> {
                    if (!reverse) {
                        for (CompletableFuture<StepOutcome> w : waits) {
                            StepOutcome o = w.join();
                            if (!o.ok()) {
                                StepOutcome skip = new StepOutcome(step, StepOutcome.Status.SKIPPED,
                                        "needs '" + o.step().title() + "', which did not finish",
                                        java.time.Duration.ZERO);
                                skipped.accept(skip);
                                return skip;
                            }
                        }
                    }
                    return action.apply(step);
                }, pool);
        futures.put(step, future);
        return future;
    }

    private static Set<StepId> dependents(StepId step, Set<StepId> steps) {
        Set<StepId> result = EnumSet.noneOf(StepId.class);
        for (StepId s : steps) {
            if (s.dependsOn().contains(step)) {
                result.add(s);
            }
        }
        return result;
    }

    private static Map<StepId, StepOutcome> collect(Map<StepId, CompletableFuture<StepOutcome>> futures) {
        Map<StepId, StepOutcome> outcomes = new EnumMap<>(StepId.class);
        futures.forEach((step, future) -> outcomes.put(step, future.join()));
        return outcomes;
    }
}
