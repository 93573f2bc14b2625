package dev.labconsole.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for AWS to get somewhere (a NAT gateway available, a service inactive) by looking every
 * {@code interval} until the look says done, the timeout passes, or the run is cancelled. Replaces the
 * SDK's waiters, which cannot be cancelled and end in "max retry attempts": this loop stops within
 * {@link #SLICE} of a cancel, and on timeout says what is still pending and why, in the resource's own
 * words (its state, its last event). Clock and sleeper are injected, so tests need no sleeps.
 */
public final class Poll {

    /** The longest a cancel goes unnoticed: sleeps are cut into slices this long. */
    public static final Duration SLICE = Duration.ofSeconds(1);

    /** How often AWS is asked by default: as the SDK's EC2 and ELB waiters do. */
    public static final Duration STANDARD_INTERVAL = Duration.ofSeconds(5);

    /**
     * One look at the resource.
     *
     * @param over whether the wait is over
     * @param value what the wait returns when over (may be null)
     * @param pending when not over: what is still pending and why ("state pending, last event: ...")
     */
    public record Look<T>(boolean over, T value, String pending) {

        public static <T> Look<T> done(T value) {
            return new Look<>(true, value, "");
        }

        public static <T> Look<T> done() {
            return new Look<>(true, null, "");
        }

        public static <T> Look<T> pending(String why) {
            return new Look<>(false, null, why);
        }
    }

    /** Thrown when the timeout passed; the message says what was awaited and what is still pending. */
    public static final class TimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String pending;

        TimeoutException(String what, Duration timeout, String pending) {
            super(what + " did not happen within " + words(timeout) + (pending.isBlank() ? "" : ": " + pending));
            this.pending = pending;
        }

        /** What was still pending at the last look, in the resource's words. */
        public String pending() {
            return pending;
        }
    }

    private final Clock clock;
    private final Retry.Sleeper sleeper;
    private final Duration interval;
    private final BooleanSupplier cancelled;

    public Poll(Clock clock, Retry.Sleeper sleeper, Duration interval, BooleanSupplier cancelled) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.interval = interval;
        this.cancelled = cancelled;
    }

    /** Real time: the system clock, real sleeps, a look every 5 s. */
    public static Poll standard(BooleanSupplier cancelled) {
        return new Poll(Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), STANDARD_INTERVAL, cancelled);
    }

    /** A copy that also stops when {@code alsoCancelled} says so. */
    public Poll cancelledWhen(BooleanSupplier alsoCancelled) {
        BooleanSupplier own = cancelled;
        return new Poll(clock, sleeper, interval, () -> own.getAsBoolean() || alsoCancelled.getAsBoolean());
    }

    /** A copy that looks every {@code newInterval}. */
    public Poll every(Duration newInterval) {
        return new Poll(clock, sleeper, newInterval, cancelled);
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Looks until done and returns the done look's value.
     *
     * @param what what is awaited, for the timeout's message ("the NAT gateway nat-0abc to become available")
     * @param timeout how long to wait at most
     * @param look one look at the resource; an exception from it ends the wait
     * @throws TimeoutException when {@code timeout} passed first
     * @throws Retry.CancelledException when the run was cancelled
     */
    public <T> T until(String what, Duration timeout, Supplier<Look<T>> look) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            checkCancelled();
            Look<T> seen = look.get();
            if (seen.over()) {
                return seen.value();
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new TimeoutException(what, timeout, seen.pending());
            }
            Duration left = Duration.between(now, deadline);
            pause(sleeper, left.compareTo(interval) < 0 ? left : interval, cancelled);
        }
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new Retry.CancelledException();
        }
    }

    /**
     * Sleeps {@code duration} in slices of at most {@link #SLICE}, so that a cancel ends it within a second.
     *
     * @throws Retry.CancelledException when cancelled or interrupted meanwhile
     */
    public static void pause(Retry.Sleeper sleeper, Duration duration, BooleanSupplier cancelled) {
        Duration left = duration;
        while (left.compareTo(Duration.ZERO) > 0) {
            if (cancelled.getAsBoolean()) {
                throw new Retry.CancelledException();
            }
            Duration slice = left.compareTo(SLICE) < 0 ? left : SLICE;
            try {
                sleeper.sleep(slice);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Retry.CancelledException();
            }
            left = left.minus(slice);
        }
        if (cancelled.getAsBoolean()) {
            throw new Retry.CancelledException();
        }
    }

    static String words(Duration d) {
        long seconds = d.toSeconds();
        return seconds % 60 == 0 && seconds >= 60 ? seconds / 60 + " minute" + (seconds == 60 ? "" : "s")
                : seconds + " s";
    }
}
