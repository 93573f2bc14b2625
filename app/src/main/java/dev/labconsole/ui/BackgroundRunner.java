package dev.labconsole.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs slow work (AWS calls, model loading, predictions) away from the UI thread and hands the
 * outcome back on it.
 *
 * <p>View models depend on this interface only, so tests can run them with
 * {@link #synchronous()} and no JavaFX toolkit at all.
 */
public interface BackgroundRunner {

    /** A handle on submitted work. */
    interface Job {
        /** Asks the work to stop; it sees an interrupt. */
        void cancel();
    }

    /**
     * Runs {@code work} in the background; then {@code onSuccess} or {@code onFailure} on the UI thread.
     */
    <T> Job run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs {@code update} on the UI thread (progress from inside background work). */
    void onUiThread(Runnable update);

    /** Runs everything at once on the calling thread: for tests. */
    static BackgroundRunner synchronous() {
        return new BackgroundRunner() {
            @Override
            public <T> Job run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                try {
                    onSuccess.accept(work.call());
                } catch (Exception e) {
                    onFailure.accept(e);
                }
                return () -> { };
            }

            @Override
            public void onUiThread(Runnable update) {
                update.run();
            }
        };
    }
}
