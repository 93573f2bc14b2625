package dev.labconsole.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.Connection;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabListener;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The session hands the engine's events to the UI thread once per burst and says when it reopens the engine. */
@ExtendWith(MotoExtension.class)
class LabSessionTest {

    @TempDir
    Path stateHome;

    @Test
    void newSettingsReopenTheEngineOnceAndThePagesHearOfIt(MotoServer moto) {
        LabStateStore store = new LabStateStore(stateHome);
        try (LabSession session = new LabSession(BackgroundRunner.synchronous(),
                (config, connection, listener) -> LabEngine.connect(config, connection, store, listener))) {
            List<Integer> heard = new ArrayList<>();
            session.engineGenerationProperty().addListener((o, was, now) -> heard.add(now.intValue()));

            LabEngine first = session.connect(new Connection("us-east-1", null, moto.endpoint().toString(), null));
            assertThat(session.engine()).as("same settings: same engine").isSameAs(first);
            session.form().labProperty().set("another-lab");
            LabEngine second = session.engine();

            assertThat(second).isNotSameAs(first);
            assertThat(second.context().config().lab()).isEqualTo("another-lab");
            assertThat(session.engine()).isSameAs(second);
            assertThat(heard).containsExactly(1, 2);
        }
    }

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
        // Connecting tells the pages of the new engine; that hand-over is not part of the burst.
        assertThat(uiQueue).hasSize(1);
        uiQueue.remove(0).run();
        assertThat(session.engineGenerationProperty().get()).isEqualTo(1);
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
