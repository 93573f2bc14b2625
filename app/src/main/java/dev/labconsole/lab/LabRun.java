package dev.labconsole.lab;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * One apply or destroy going on in the background ({@link LabEngine#start}): what it does, a way to
 * stop it, and its {@link RunResult} when it ends. An engine runs one at a time.
 */
public final class LabRun {

    private final Phase phase;
    private final Set<StepId> targets;
    private final CompletableFuture<RunResult> result;
    private final Runnable canceller;
    private volatile boolean cancelRequested;

    LabRun(Phase phase, Set<StepId> targets, CompletableFuture<RunResult> result, Runnable canceller) {
        this.phase = phase;
        this.targets = Set.copyOf(targets);
        this.result = result;
        this.canceller = canceller;
    }

    public Phase phase() {
        return phase;
    }

    /** The steps asked for (apply adds what they need; destroy what depends on them); empty means all. */
    public Set<StepId> targets() {
        return targets;
    }

    /**
     * Stops the run: every retry and wait ends within about a second, steps not started are skipped,
     * and the state keeps what was built so far, so the next run resumes from there.
     */
    public void cancel() {
        cancelRequested = true;
        canceller.run();
    }

    /** What stopping this run leaves behind, in the student's words (shown beside a Stop button). */
    public String whatStoppingLeaves() {
        return whatStoppingLeaves(phase);
    }

    /** What stopping a {@code runPhase} run leaves behind. */
    public static String whatStoppingLeaves(Phase runPhase) {
        return runPhase == Phase.DESTROY
                ? "Stopping leaves what is not deleted yet in place (and still costing); Destroy again deletes it."
                : "Stopping keeps what is built so far (recorded, and costing while it exists); Create carries on"
                        + " from there, Destroy removes it.";
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public boolean done() {
        return result.isDone();
    }

    /** Blocks until the run ends; a failure outside the steps (e.g. no credentials) is rethrown. */
    public RunResult await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Waits at most {@code timeout}; empty when the run has not ended by then. */
    public Optional<RunResult> await(Duration timeout) {
        try {
            return Optional.of(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Calls {@code done} with the result or the failure when the run ends, on the run's thread. */
    public void whenDone(BiConsumer<RunResult, Throwable> done) {
        result.whenComplete((r, failure) -> done.accept(r,
                failure instanceof java.util.concurrent.CompletionException c ? c.getCause() : failure));
    }

    private static RuntimeException rethrow(Throwable cause) {
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
}
