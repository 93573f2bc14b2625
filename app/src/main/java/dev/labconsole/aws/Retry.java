package dev.labconsole.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retries a call that AWS answers with a passing error: {@code *.NotFound} right after a create
 * (eventual consistency), {@code DependencyViolation} while network interfaces drain. Throttling and
 * 5xx are the SDK's own retry strategy's business ({@link AwsClients}); this covers errors that only
 * the lab knows will pass.
 *
 * <p>Backoff doubles from {@code first} up to {@code cap}, with full jitter, until {@code deadline};
 * it stops early when {@code cancelled} says so. The sleeper is injectable so tests need no sleeps.
 */
public final class Retry {

    /** Sleeps for a duration; interruptible. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Duration first;
    private final Duration cap;
    private final Duration deadline;
    private final Sleeper sleeper;
    private final BooleanSupplier cancelled;

    public Retry(Duration first, Duration cap, Duration deadline, Sleeper sleeper, BooleanSupplier cancelled) {
        this.first = first;
        this.cap = cap;
        this.deadline = deadline;
        this.sleeper = sleeper;
        this.cancelled = cancelled;
    }

    /** Real sleeps: 1 s doubling to 15 s, for up to {@code deadline}. */
    public static Retry standard(Duration deadline, BooleanSupplier cancelled) {
        return new Retry(Duration.ofSeconds(1), Duration.ofSeconds(15), deadline,
                d -> Thread.sleep(d.toMillis()), cancelled);
    }

    /** A copy that gives up after {@code newDeadline}. */
    public Retry withDeadline(Duration newDeadline) {
        return new Retry(first, cap, newDeadline, sleeper, cancelled);
    }

    /** A copy that also stops when {@code alsoCancelled} says so (e.g. the run that uses it is cancelled). */
    public Retry cancelledWhen(BooleanSupplier alsoCancelled) {
        BooleanSupplier own = cancelled;
        return new Retry(first, cap, deadline, sleeper, () -> own.getAsBoolean() || alsoCancelled.getAsBoolean());
    }

    /** Calls {@code call} until it succeeds or fails with an error {@code passing} does not accept. */
    public <T> T call(Supplier<T> call, Predicate<Throwable> passing) {
        long end = System.nanoTime() + deadline.toNanos();
        long delay = first.toMillis();
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!passing.test(e) || System.nanoTime() > end || cancelled.getAsBoolean()) {
                    throw e;
                }
            }
            // In slices: a cancel ends a 15 s backoff within a second, not after it.
            // At least a millisecond: full jitter can draw zero, and a retry never spins without a pause.
            Poll.pause(sleeper, Duration.ofMillis(Math.max(1, ThreadLocalRandom.current().nextLong(delay / 2, delay + 1))),
                    cancelled);
            delay = Math.min(cap.toMillis(), delay * 2);
        }
    }

    /** {@link #call} for calls that return nothing. */
    public void run(Runnable call, Predicate<Throwable> passing) {
        call(() -> {
            call.run();
            return null;
        }, passing);
    }

    /** Retries errors whose AWS code ends with one of {@code codes}. */
    public static Predicate<Throwable> codes(String... codes) {
        return e -> AwsErrors.hasCode(e, codes);
    }

    /** Thrown when a wait or retry is cancelled. */
    public static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CancelledException() {
            super("cancelled");
        }
    }
}
