package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.Retry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LabContextTest {

    @Test
    void cancellingTheRunEndsARetryThatIsBackingOff() {
        AtomicInteger sleeps = new AtomicInteger();
        LabContext[] context = new LabContext[1];
        Retry retry = new Retry(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1), d -> {
            sleeps.incrementAndGet();
            context[0].cancel();
        }, () -> false);
        context[0] = new LabContext(LabConfig.defaults(), null, new LabState("ctx"), e -> { }, retry,
                Duration.ofSeconds(1));

        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> context[0].retry().call(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("still draining");
        }, e -> true)).isInstanceOf(Retry.CancelledException.class);
        assertThat(sleeps).hasValue(1);
        // The cancel came during the backoff: it ends there, with no further call.
        assertThat(calls).hasValue(1);
    }
}
