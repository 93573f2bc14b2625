package dev.labconsole.testing;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.Retry;
import dev.labconsole.lab.ImageSupport;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabListener;
import dev.labconsole.lab.LabState;
import java.time.Duration;

/** Step contexts for tests against the emulator: short backoff (10 ms to 100 ms, 5 s at most), 30 s waits. */
public final class TestLabContexts {

    private TestLabContexts() {
    }

    public static LabContext quick(LabConfig config, AwsClients aws, LabState state, LabListener listener) {
        return quick(config, aws, state, listener, ImageSupport.standard());
    }

    /** {@link #quick} with its own way of building the service's image. */
    public static LabContext quick(LabConfig config, AwsClients aws, LabState state, LabListener listener,
            ImageSupport images) {
        return new LabContext(config, aws, state, listener,
                new Retry(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5),
                        d -> Thread.sleep(d.toMillis()), () -> false),
                Duration.ofSeconds(30), images);
    }
}
