package dev.labconsole.runtime.server;

import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.runtime.source.ModelLocator;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server and its model: listens at once, fetches and loads the model in the background,
 * and releases both on close. This is what {@code labconsole serve} and the container run.
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);

    private final InferenceServer server;
    private final CompletableFuture<TextClassifier> loaded;

    private ModelServer(InferenceServer server, CompletableFuture<TextClassifier> loaded) {
        this.server = server;
        this.loaded = loaded;
    }

    /**
     * Starts serving on {@code host:port} and loads {@code modelUri} (null: the bundled model).
     *
     * @throws IllegalArgumentException when the port is taken or not allowed
     */
    public static ModelServer start(ModelLocator locator, String modelUri, String host, int port) throws IOException {
        InferenceServer server;
        try {
            server = InferenceServer.start(host, port);
        } catch (BindException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another port with --port", e);
        }
        LOG.info("listening on http://{}:{} (GET /health answers 503 until the model is loaded)", host, server.port());
        CompletableFuture<TextClassifier> loaded = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            String shown = ModelLocator.isBundled(modelUri) ? "the bundled model" : modelUri;
            LOG.info("loading {}", shown);
            TextClassifier classifier = locator.load(modelUri, (what, done, total) ->
                    LOG.info("{}: {} of {} bytes", what, done, total));
            LOG.info("model {} {} ({}, labels {}) ready in {} ms", classifier.spec().name(), classifier.spec().version(),
                    classifier.spec().engine(), classifier.spec().labels(), (System.nanoTime() - start) / 1_000_000);
            server.modelReady(classifier);
            return classifier;
        }, runnable -> new Thread(runnable, "model-loader").start());
        loaded.whenComplete((classifier, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                String why = whyNotLoaded(cause);
                server.modelFailed(why);
                if (cause instanceof ModelException) {
                    LOG.error("cannot load the model: {}", why);
                } else {
                    LOG.error("cannot load the model: {}", why, cause);
                }
            }
        });
        return new ModelServer(server, loaded);
    }

    public int port() {
        return server.port();
    }

    /** Completes with the classifier once loaded, or exceptionally with a {@link ModelException}. */
    public CompletableFuture<TextClassifier> loaded() {
        return loaded;
    }

    /**
     * Serves until the process is asked to stop (SIGTERM, Ctrl+C): closes the server from a shutdown
     * hook, so requests in flight finish.
     *
     * @throws ModelException when the model cannot be loaded; the server is closed then
     */
    public void serveUntilStopped() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("stopping: finishing {} request(s) in flight (at most {} s)", server.requestsInFlight(),
                    InferenceServer.DRAIN_TIMEOUT.toSeconds());
            close();
            LOG.info("stopped");
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            loaded.join();
        } catch (CompletionException e) {
            // Nothing left to drain at exit: a program that goes on (a test, the console) should not
            // see a "stopping" line when it ends.
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The process is already stopping; the hook closes the server itself.
            }
            close();
            if (e.getCause() instanceof ModelException modelError) {
                throw modelError;
            }
            throw new ModelException("cannot load the model: " + whyNotLoaded(e.getCause()), e.getCause());
        }
        stopped.await();
    }

    /**
     * A {@link ModelException} already says what to do; anything else (a bug, an engine error) is named by its
     * first line, never a null or a stack trace.
     */
    static String whyNotLoaded(Throwable cause) {
        if (cause instanceof ModelException modelError) {
            return modelError.getMessage();
        }
        String message = cause.getMessage();
        String first = message == null || message.isBlank() ? cause.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
        return first + " (an unexpected error: the log has the details)";
    }

    @Override
    public void close() {
        server.close();
        loaded.thenAccept(TextClassifier::close);
        loaded.cancel(false);
    }
}
