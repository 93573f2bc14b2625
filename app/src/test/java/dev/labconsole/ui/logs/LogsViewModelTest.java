package dev.labconsole.ui.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.LogLine;
import dev.labconsole.ui.BackgroundRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Logs page's batching, cap, pause and filter, without the toolkit. */
class LogsViewModelTest {

    /** Holds UI-thread work until the test runs it, like a busy FX thread would. */
    private static final class QueuedRunner implements BackgroundRunner {
        final List<Runnable> uiQueue = new ArrayList<>();

        @Override
        public <T> Job run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
            return () -> { };
        }

        @Override
        public void onUiThread(Runnable update) {
            uiQueue.add(update);
        }

        void drain() {
            List<Runnable> now = new ArrayList<>(uiQueue);
            uiQueue.clear();
            now.forEach(Runnable::run);
        }
    }

    private final QueuedRunner runner = new QueuedRunner();
    private long now = 0;
    private final LogsViewModel model = new LogsViewModel(runner, () -> (sink, stop) -> { }, () -> now);

    private static List<LogLine> lines(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> new LogLine("e" + i, Instant.ofEpochMilli(i), "task/1", "line " + i)).toList();
    }

    @Test
    void manyBatchesBeforeTheUiThreadRunsAreOneHandOver() {
        for (int i = 0; i < 50; i++) {
            model.receive(lines(i * 10, 10));
        }

        assertThat(runner.uiQueue).hasSize(1);
        now = 2000;
        runner.drain();
        assertThat(model.lines()).hasSize(500);
        assertThat(model.statusProperty().get()).contains("500 lines").contains("250 events/s");
    }

    @Test
    void keepsAtMostTheNewestHundredThousandLines() {
        model.receive(lines(0, 60_000));
        runner.drain();
        model.receive(lines(60_000, 60_000));
        runner.drain();

        assertThat(model.lines()).hasSize(LogsViewModel.MAX_LINES);
        assertThat(model.lines().get(0).message()).isEqualTo("line 20000");
        assertThat(model.lines().get(LogsViewModel.MAX_LINES - 1).message()).isEqualTo("line 119999");
    }

    @Test
    void pausedLinesAreHeldAndShownOnResume() {
        model.togglePause();
        model.receive(lines(0, 3));
        runner.drain();
        assertThat(model.lines()).isEmpty();

        model.togglePause();
        assertThat(model.lines()).hasSize(3);
    }

    @Test
    void filtersWhatIsShownAndColoursByLevel() {
        model.receive(List.of(new LogLine("1", Instant.EPOCH, "s", "INFO started"),
                new LogLine("2", Instant.EPOCH, "s", "ERROR model missing"),
                new LogLine("3", Instant.EPOCH, "s", "WARNING slow start")));
        runner.drain();

        model.filterProperty().set("model");
        assertThat(model.shown()).extracting(LogLine::eventId).containsExactly("2");
        model.filterProperty().set("");
        assertThat(model.shown()).hasSize(3);
        assertThat(LogsViewModel.levelOf("ERROR model missing")).isEqualTo(LogsViewModel.Level.ERROR);
        assertThat(LogsViewModel.levelOf("WARNING slow start")).isEqualTo(LogsViewModel.Level.WARN);
        assertThat(LogsViewModel.levelOf("INFO started")).isEqualTo(LogsViewModel.Level.INFO);
    }
}
