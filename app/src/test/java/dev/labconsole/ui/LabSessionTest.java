package dev.labconsole.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.Connection;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabListener;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The session hands the engine's events to the UI thread once per burst. */
class LabSessionTest {

    @Test
    void aBurstOfEventsIsOneHandOverToTheUiThread() {
        List<Runnable> uiQueue = new ArrayList<>();
        BackgroundRunner runner = new BackgroundRunner() {
            @Override
            public <T> Job run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                return () -> { };
            }

            @Override
            public void onUiThread(Runnable update) {
                uiQueue.add(update);
            }
        };
        LabListener[] listener = new LabListener[1];
        LabSession session = new LabSession(runner, (config, connection, l) -> {
            listener[0] = l;
            return null;
        });
        session.connect(new Connection("us-east-1", null, "http://127.0.0.1:1", null));
        List<List<LabEvent>> batches = new ArrayList<>();
        session.onEvents(batches::add);

        listener[0].onEvent(LabEvent.of(StepId.VPC, LabEvent.Kind.STARTED, "VPC"));
        listener[0].onEvent(LabEvent.of(StepId.VPC, LabEvent.Kind.RESOURCE, "vpc-1"));
        listener[0].onEvent(LabEvent.of(StepId.VPC, LabEvent.Kind.DONE, "VPC done"));

        assertThat(uiQueue).hasSize(1);
        uiQueue.remove(0).run();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).extracting(LabEvent::kind)
                .containsExactly(LabEvent.Kind.STARTED, LabEvent.Kind.RESOURCE, LabEvent.Kind.DONE);

        listener[0].onEvent(LabEvent.of(StepId.SUBNETS, LabEvent.Kind.STARTED, "Subnets"));
        assertThat(uiQueue).as("a new burst after the hand-over").hasSize(1);
    }
}
