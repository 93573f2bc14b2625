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

    /** Runs work on its own thread like the real runner; UI-thread work waits in a queue for the test. */
    private static final class ThreadedRunner implements BackgroundRunner {
        final java.util.concurrent.BlockingQueue<Runnable> uiQueue = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public <T> Job run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
            Thread thread = new Thread(() -> {
                try {
                    T result = work.call();
                    uiQueue.add(() -> onSuccess.accept(result));
                } catch (Exception e) {
                    uiQueue.add(() -> onFailure.accept(e));
                }
            });
            thread.setDaemon(true);
            thread.start();
            return thread::interrupt;
        }

        @Override
        public void onUiThread(Runnable update) {
            uiQueue.add(update);
        }

        /** Runs UI work as it arrives until {@code done} holds. */
        void runUiUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!done.getAsBoolean()) {
                Runnable next = uiQueue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (next != null) {
                    next.run();
                }
                assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            }
        }
    }

    /** A log group that delivers one line naming itself, then waits to be stopped (or fails when told). */
    private static LogsViewModel.LogSource group(String name, java.util.concurrent.atomic.AtomicBoolean closed) {
        return (sink, stop) -> {
            sink.accept(List.of(new LogLine(name + "-1", Instant.EPOCH, "task/1", "from " + name)));
            while (!stop.getAsBoolean()) {
                if (closed.get()) {
                    throw new IllegalStateException("Connection pool shut down");
                }
                Thread.onSpinWait();
            }
        };
    }

    @Test
    void aNewEngineMakesAFollowingPageFollowItsLogGroupInstead() throws Exception {
        ThreadedRunner threads = new ThreadedRunner();
        java.util.concurrent.atomic.AtomicBoolean never = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.Iterator<LogsViewModel.LogSource> engines = List.of(group("lab-a", never), group("lab-b", never))
                .iterator();
        LogsViewModel page = new LogsViewModel(threads, engines::next, () -> now);

        page.start();
        threads.runUiUntil(() -> page.lines().size() == 1);
        page.followAgain();
        threads.runUiUntil(() -> page.lines().size() == 1 && page.lines().get(0).message().equals("from lab-b"));

        assertThat(page.lines()).extracting(LogLine::message).containsExactly("from lab-b");
        assertThat(page.followingProperty().get()).isTrue();
        page.stop();
        threads.runUiUntil(() -> !page.followingProperty().get());
        page.followAgain();
        assertThat(page.followingProperty().get()).as("stopped by the student: stays stopped").isFalse();
    }

    @Test
    void aFollowThatFailedWhenItsEngineClosedResumesOnTheNewOne() throws Exception {
        ThreadedRunner threads = new ThreadedRunner();
        java.util.concurrent.atomic.AtomicBoolean oldEngineClosed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.Iterator<LogsViewModel.LogSource> engines = List.of(group("lab-a", oldEngineClosed),
                group("lab-b", new java.util.concurrent.atomic.AtomicBoolean())).iterator();
        LogsViewModel page = new LogsViewModel(threads, engines::next, () -> now);

        page.start();
        threads.runUiUntil(() -> page.lines().size() == 1);
        oldEngineClosed.set(true);
        threads.runUiUntil(() -> !page.followingProperty().get());
        assertThat(page.statusProperty().get()).contains("Connection pool shut down");

        page.followAgain();
        threads.runUiUntil(() -> !page.lines().isEmpty() && page.lines().get(0).message().equals("from lab-b"));
        assertThat(page.followingProperty().get()).isTrue();
        page.stop();
    }
}
