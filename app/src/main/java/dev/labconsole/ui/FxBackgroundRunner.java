package dev.labconsole.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/** The window's {@link BackgroundRunner}: a small daemon pool, results through {@code Platform.runLater}. */
public final class FxBackgroundRunner implements BackgroundRunner, AutoCloseable {

    private final AtomicInteger threadCount = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "console-worker-" + threadCount.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public <T> Job run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Future<?> future = pool.submit(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onSuccess.accept(result));
            } catch (Throwable e) {
                Platform.runLater(() -> onFailure.accept(e));
            }
        });
        return () -> future.cancel(true);
    }

    @Override
    public void onUiThread(Runnable update) {
        Platform.runLater(update);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
