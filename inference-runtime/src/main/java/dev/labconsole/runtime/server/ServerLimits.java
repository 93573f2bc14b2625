package dev.labconsole.runtime.server;

import dev.labconsole.runtime.batch.TextLimits;
import java.time.Duration;

/**
 * What the model server allows a client before it gives up on it: it faces the internet behind a public
 * load balancer, so a client that sends slowly, sends too much or sends nothing must cost it a socket at
 * most, never a worker.
 *
 * @param idleTimeout how long a kept-alive connection may sit with nothing sent before it is closed
 * @param headerTimeout how long a request's line and headers may take to arrive, from their first byte
 * @param bodyTimeout how long a request's body may take to arrive, from the end of its headers
 * @param maxHeaderBytes the request line and headers together, in bytes (431 above)
 * @param maxHeaderCount how many header fields a request may carry (431 above)
 * @param maxBodyBytes the largest request body (413 above, from {@code Content-Length} before reading)
 * @param maxThreads the HTTP worker threads; waiting for a slow client holds none of them
 * @param predictionThreads the threads that run the model, apart from the HTTP workers, so that however
 *     many predictions are asked for, {@code /health} and the rest are still answered at once
 * @param maxQueuedPredictions predictions that may wait for a prediction thread; more are answered 503
 *     with {@code Retry-After} rather than queued without bound
 */
public record ServerLimits(
        Duration idleTimeout,
        Duration headerTimeout,
        Duration bodyTimeout,
        int maxHeaderBytes,
        int maxHeaderCount,
        int maxBodyBytes,
        int maxThreads,
        int predictionThreads,
        int maxQueuedPredictions) {

    /**
     * The container's limits. The idle timeout is longer than the Application Load Balancer's own (60 s by
     * default): when the target closes a kept-alive connection first, the load balancer can send a request
     * down it as it closes and answer the client 502. Header limits leave room for what the load balancer
     * adds ({@code X-Forwarded-*}, {@code X-Amzn-Trace-Id}).
     */
    public static final ServerLimits DEFAULTS = new ServerLimits(
            Duration.ofSeconds(75),
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            16 * 1024,
            100,
            TextLimits.MAX_REQUEST_BYTES,
            64,
            // The model is CPU-bound: more threads than processors only make each call slower.
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            256);

    public ServerLimits {
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(headerTimeout, "headerTimeout");
        requirePositive(bodyTimeout, "bodyTimeout");
        if (maxHeaderBytes < 1024 || maxHeaderCount < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("header and body limits must be positive (headers at least 1 KiB)");
        }
        // Jetty keeps threads for its acceptor and selectors; fewer than 8 would leave none for requests.
        if (maxThreads < 8) {
            throw new IllegalArgumentException("maxThreads must be at least 8");
        }
        if (predictionThreads < 1 || maxQueuedPredictions < 1) {
            throw new IllegalArgumentException("predictionThreads and maxQueuedPredictions must be positive");
        }
    }

    /** These limits with other timeouts, as tests use to see a slow client cut off in a moment. */
    public ServerLimits withTimeouts(Duration idle, Duration header, Duration body) {
        return new ServerLimits(idle, header, body, maxHeaderBytes, maxHeaderCount, maxBodyBytes, maxThreads,
                predictionThreads, maxQueuedPredictions);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
