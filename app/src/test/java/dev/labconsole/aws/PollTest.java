package dev.labconsole.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The project's own wait loop, driven by a clock the sleeper moves on: no real sleeps. */
class PollTest {

    private static final Instant T0 = Instant.parse("2026-11-30T04:00:00Z");

    /** A clock that only the sleeper below moves. */
    private static final class FakeTime extends Clock {
        private Instant now = T0;
        final List<Duration> sleeps = new ArrayList<>();
        Runnable onSleep = () -> { };

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
            onSleep.run();
        }

        Duration slept() {
            return Duration.between(T0, now);
        }
    }

    private final FakeTime time = new FakeTime();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Poll poll = new Poll(time, time::sleep, Duration.ofSeconds(5), cancelled::get);

    @Test
    void looksEveryIntervalUntilDoneAndReturnsTheValue() {
        AtomicInteger looks = new AtomicInteger();

        String value = poll.until("the NAT gateway to become available", Duration.ofMinutes(2),
                () -> looks.incrementAndGet() < 4 ? Poll.Look.pending("it is still pending") : Poll.Look.done("nat-1"));

        assertThat(value).isEqualTo("nat-1");
        assertThat(looks).hasValue(4);
        // Three intervals between four looks, each cut into one-second slices.
        assertThat(time.slept()).isEqualTo(Duration.ofSeconds(15));
        assertThat(time.sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Poll.SLICE));
    }

    @Test
    void aTimeoutSaysWhatWasAwaitedAndWhatIsStillPending() {
        AtomicInteger looks = new AtomicInteger();

        assertThatThrownBy(() -> poll.until("the NAT gateway nat-1 to become available", Duration.ofSeconds(12),
                () -> Poll.Look.pending("it is still pending (look " + looks.incrementAndGet() + ")")))
                .isInstanceOf(Poll.TimeoutException.class)
                .hasMessage("the NAT gateway nat-1 to become available did not happen within 12 s: it is still"
                        + " pending (look 4)")
                .hasMessageNotContaining("attempts");
        // Looks at 0, 5, 10 and at the deadline itself (the last sleep is cut to what is left), never past it.
        assertThat(time.slept()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aCancelEndsALongWaitWithinOneSlice() {
        // The cancel comes 2.5 s into a 5 s interval, from "another thread" (here: the sleeper's callback).
        time.onSleep = () -> {
            if (!time.slept().minus(Duration.ofMillis(2500)).isNegative()) {
                cancelled.set(true);
            }
        };
        Poll slow = new Poll(time, d -> time.sleep(d.compareTo(Duration.ofMillis(500)) > 0 ? Duration.ofMillis(500) : d),
                Duration.ofMinutes(1), cancelled::get);

        assertThatThrownBy(() -> slow.until("the load balancer to be deleted", Duration.ofMinutes(10),
                () -> Poll.Look.pending("AWS still lists it")))
                .isInstanceOf(Retry.CancelledException.class);
        assertThat(time.slept()).isLessThanOrEqualTo(Duration.ofMillis(2500).plus(Poll.SLICE));
    }

    @Test
    void aCancelBeforeTheFirstLookCallsNothing() {
        cancelled.set(true);
        AtomicInteger looks = new AtomicInteger();

        assertThatThrownBy(() -> poll.until("anything", Duration.ofMinutes(1), () -> {
            looks.incrementAndGet();
            return Poll.Look.done();
        })).isInstanceOf(Retry.CancelledException.class);
        assertThat(looks).hasValue(0);
    }

    @Test
    void aLookThatFailsEndsTheWaitWithItsOwnError() {
        assertThatThrownBy(() -> poll.until("the load balancer to become active", Duration.ofMinutes(1), () -> {
            throw new AwsProblem("the load balancer failed: delete it and create it again", null, null);
        })).isInstanceOf(AwsProblem.class).hasMessageContaining("failed");
        assertThat(time.slept()).isZero();
    }

    @Test
    void aRetryBackoffEndsWithinOneSliceOfACancel() {
        // First backoff 15 s (the cap); the cancel comes after 2 s of it.
        time.onSleep = () -> {
            if (time.slept().compareTo(Duration.ofSeconds(2)) >= 0) {
                cancelled.set(true);
            }
        };
        Retry retry = new Retry(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5), time::sleep,
                cancelled::get);

        assertThatThrownBy(() -> retry.call(() -> {
            throw new IllegalStateException("DependencyViolation");
        }, e -> true)).isInstanceOf(Retry.CancelledException.class);
        assertThat(time.slept()).isLessThanOrEqualTo(Duration.ofSeconds(2));
    }
}
