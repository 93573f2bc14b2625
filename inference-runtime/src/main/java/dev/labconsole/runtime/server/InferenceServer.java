package dev.labconsole.runtime.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labconsole.runtime.batch.InputException;
import dev.labconsole.runtime.batch.TextLimits;
import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.model.Prediction;
import dev.labconsole.runtime.model.TextClassifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link TextClassifier} over HTTP, on Jetty's core API (no servlets).
 *
 * <p>The server listens before the model is loaded, so a load balancer sees {@code /health} answer
 * 503 while loading and 200 once ready, rather than a refused connection. Every refusal is a JSON
 * body {@code {"error": ..., "status": ...}}: bad JSON, a missing field, a body over 1 MB, more than
 * 256 texts or a text over 10,000 characters are 4xx with a sentence saying what to send instead, and
 * so are requests Jetty itself refuses (bad {@code Content-Length}, oversized headers: {@link JsonErrors}).
 *
 * <p>It faces the internet: a slow client costs a socket, never a worker. Jetty parses headers without
 * a thread, bodies are read asynchronously (a thread is taken only when bytes arrive), and every phase
 * has a deadline ({@link ServerLimits}): headers ({@link SlowHeaderReaper}), body, and idle keep-alive.
 * A body over the limit is refused from its {@code Content-Length} before a byte of it is read. The model
 * runs on a few threads of its own with a bounded queue (503 beyond it), so a flood of predictions never
 * leaves {@code /health} waiting for a worker.
 */
public final class InferenceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceServer.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_TYPE = "application/json; charset=utf-8";
    /**
     * After a 413 the rest of the body is read and thrown away, up to this much: closing a socket with
     * unread input resets it, and a client still sending would lose the 413 it is owed.
     */
    private static final long MAX_DRAINED_BYTES = 8L * 1024 * 1024;
    /**
     * How long {@link #close} waits for requests in flight: ECS sends SIGTERM and kills the task 30 s
     * later (its default stop timeout), so the drain ends well before, with time left to exit.
     */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final Server jetty;
    private final ServerConnector connector;
    private final ThreadPoolExecutor predictions;
    private final ServerLimits limits;
    private final ServerMetrics metrics = new ServerMetrics();
    private final AtomicReference<TextClassifier> classifier = new AtomicReference<>();
    private final AtomicReference<String> loadFailure = new AtomicReference<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong answeredCount = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final byte[] openApi;
    private final byte[] docsPage;

    private InferenceServer(Server jetty, ServerConnector connector, ServerLimits limits) {
        this.jetty = jetty;
        this.connector = connector;
        AtomicInteger threadCount = new AtomicInteger();
        this.predictions = new ThreadPoolExecutor(limits.predictionThreads(), limits.predictionThreads(),
                0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(limits.maxQueuedPredictions()), runnable -> {
                    Thread thread = new Thread(runnable, "predict-" + threadCount.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.limits = limits;
        this.openApi = resource("openapi.json");
        this.docsPage = resource("docs.html");
    }

    /**
     * Starts listening on {@code host:port} (port 0 picks a free one) with {@link ServerLimits#DEFAULTS};
     * the model comes later with {@link #modelReady}.
     *
     * @throws BindException when the port is taken or not allowed
     */
    public static InferenceServer start(String host, int port) throws IOException {
        return start(host, port, ServerLimits.DEFAULTS);
    }

    /**
     * Starts listening on {@code host:port} (port 0 picks a free one) with {@code limits}.
     *
     * @throws BindException when the port is taken or not allowed
     */
    public static InferenceServer start(String host, int port, ServerLimits limits) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()));
        threads.setName("http");
        // Daemon threads, as the JDK's server had: a server a program forgets to close never keeps it alive.
        threads.setDaemon(true);
        Server jetty = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(512);
        // Without TCP_NODELAY small keep-alive responses wait for the client's delayed ACK: 40 ms each.
        connector.setAcceptedTcpNoDelay(true);
        jetty.addConnector(connector);

        InferenceServer server = new InferenceServer(jetty, connector, limits);
        jetty.setHandler(server.new Routes());
        jetty.setErrorHandler(new JsonErrors(server.metrics));
        jetty.addBean(new SlowHeaderReaper(connector, limits.headerTimeout()));
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            BindException bind = causeOfType(e, BindException.class);
            if (bind != null) {
                throw new BindException(host + ":" + port + ": " + bind.getMessage());
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("the HTTP server did not start: " + e.getMessage(), e);
        }
        return server;
    }

    /** The port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The limits this server enforces. */
    public ServerLimits limits() {
        return limits;
    }

    /** Starts answering predictions with {@code loaded}; {@code /health} turns 200. */
    public void modelReady(TextClassifier loaded) {
        classifier.set(loaded);
        loadFailure.set(null);
    }

    /** Records why the model could not be loaded; {@code /health} reports it with its 503. */
    public void modelFailed(String reason) {
        loadFailure.set(reason);
    }

    /** Jetty's entry point: every request becomes an {@link Exchange}, which answers it exactly once. */
    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            new Exchange(request, response, callback).start();
            return true;
        }
    }

    /**
     * One request and its answer. Routes that need no body answer at once; {@code /predict} reads its
     * body without holding a thread while waiting for bytes, under the body deadline.
     */
    private final class Exchange {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long startNanos = System.nanoTime();
        private final String method;
        private final String path;
        private final AtomicBoolean answered = new AtomicBoolean();
        private final AtomicBoolean completed = new AtomicBoolean();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private volatile Scheduler.Task bodyDeadline;
        private volatile boolean discarding;
        private long discarded;
        private int status;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.method = request.getMethod().toUpperCase(Locale.ROOT);
            String uriPath = request.getHttpURI().getPath();
            this.path = uriPath == null ? "" : uriPath;
        }

        void start() {
            inFlight.incrementAndGet();
            try {
                if (request.getHeaders().size() > limits.maxHeaderCount()) {
                    throw new HttpError(431, "the request has " + request.getHeaders().size() + " headers; at most "
                            + limits.maxHeaderCount() + " are accepted (send fewer headers)");
                }
                if ("CONNECT".equals(method)) {
                    throw new HttpError(405, "CONNECT is not allowed: this is a model server, not a proxy;"
                            + " send GET /health or POST /predict");
                }
                route();
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void route() {
            switch (path) {
                case "/health" -> {
                    requireMethod("GET", "HEAD");
                    health();
                }
                case "/predict" -> {
                    requireMethod("POST");
                    startPredict();
                }
                case "/metrics" -> {
                    requireMethod("GET");
                    try {
                        send(200, metrics.contentType(), metrics.scrape());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                case "/openapi.json" -> {
                    requireMethod("GET");
                    send(200, JSON_TYPE, openApi);
                }
                case "/docs" -> {
                    requireMethod("GET");
                    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
                    if (accept != null && accept.contains("application/json") && !accept.contains("text/html")) {
                        send(200, JSON_TYPE, openApi);
                    } else {
                        send(200, "text/html; charset=utf-8", docsPage);
                    }
                }
                case "/" -> {
                    requireMethod("GET");
                    response.getHeaders().put(HttpHeader.LOCATION, "/docs");
                    send(302, JSON_TYPE, json(Map.of("docs", "/docs")));
                }
                default -> throw new HttpError(404, "no such endpoint " + path + "; see GET /docs");
            }
        }

        private void requireMethod(String... allowed) {
            for (String candidate : allowed) {
                if (candidate.equals(method)) {
                    return;
                }
            }
            throw new HttpError(405, method + " is not allowed here; use " + String.join(" or ", allowed));
        }

        private void health() {
            TextClassifier ready = classifier.get();
            ObjectNode node = JSON.createObjectNode();
            if (ready == null) {
                String failure = loadFailure.get();
                node.put("status", failure == null ? "loading" : "failed");
                if (failure != null) {
                    node.put("error", failure);
                }
                send(503, JSON_TYPE, json(node));
                return;
            }
            node.put("status", "ok");
            node.put("model", ready.spec().name());
            node.put("version", ready.spec().version());
            node.set("labels", JSON.valueToTree(ready.spec().labels()));
            send(200, JSON_TYPE, json(node));
        }

        private void startPredict() {
            if (classifier.get() == null) {
                throw new HttpError(503, "the model is still loading; retry when GET /health answers 200");
            }
            // Jetty has already refused a Content-Length that is not a number; a too-large one is refused
            // here, before a byte of the body is read.
            long length = request.getLength();
            if (length > limits.maxBodyBytes()) {
                refuseTooLarge();
                return;
            }
            bodyDeadline = jetty.getScheduler().schedule(this::bodyTimedOut,
                    limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            readBody();
        }

        /** Reads what has arrived; when nothing has, asks Jetty to call again when bytes come (no thread waits). */
        private void readBody() {
            while (!completed.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this::readBody);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    bodyFailed(chunk.getFailure());
                    return;
                }
                boolean last = chunk.isLast();
                try {
                    if (!take(chunk.getByteBuffer())) {
                        return;
                    }
                } finally {
                    chunk.release();
                }
                if (last) {
                    bodyArrived();
                    return;
                }
            }
        }

        /** Keeps (or, after a 413, throws away) the bytes of one chunk; false when reading should stop. */
        private boolean take(ByteBuffer bytes) {
            int size = bytes.remaining();
            if (discarding) {
                discarded += size;
                if (discarded > MAX_DRAINED_BYTES) {
                    complete();
                    return false;
                }
                return true;
            }
            if (answered.get()) {
                return false;
            }
            if (body.size() + size > limits.maxBodyBytes()) {
                // A body without Content-Length (chunked) that grew too large; reading resumes, dropping the
                // rest, once the 413 is written.
                refuseTooLarge();
                return false;
            }
            byte[] copy = new byte[size];
            bytes.get(copy);
            body.writeBytes(copy);
            return true;
        }

        private void bodyArrived() {
            if (discarding) {
                complete();
                return;
            }
            cancelBodyDeadline();
            if (answered.get()) {
                return;
            }
            JsonNode parsed;
            try {
                parsed = parseBody(body.toByteArray());
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            // The model runs on its own threads: HTTP workers stay free for /health, however many
            // predictions are waiting.
            try {
                predictions.execute(() -> {
                    try {
                        predict(parsed);
                    } catch (RuntimeException e) {
                        fail(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                fail(new HttpError(503, "the server is busy: " + limits.maxQueuedPredictions()
                        + " predictions are already waiting; retry in a moment"));
            }
        }

        private void bodyFailed(Throwable failure) {
            if (discarding) {
                complete();
                return;
            }
            if (failure instanceof TimeoutException) {
                bodyTimedOut();
            } else {
                // The client went away mid-body; there is nobody to answer.
                status = 499;
                complete();
            }
        }

        private void bodyTimedOut() {
            if (discarding) {
                complete();
                return;
            }
            if (answered.get()) {
                return;
            }
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            LOG.info("{} {} answered 408: the body did not arrive within {} ms", method, path,
                    limits.bodyTimeout().toMillis());
            sendError(408, "the request body did not arrive within " + seconds(limits.bodyTimeout())
                    + "; send the whole body at once, with a Content-Length that matches it");
        }

        /** 413 at once, then the rest of the body is read and dropped (bounded) so the client sees the answer. */
        private void refuseTooLarge() {
            if (answered.get()) {
                return;
            }
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            String message = "the body is over " + limits.maxBodyBytes() / 1024
                    + " KiB; send fewer or shorter texts per request";
            LOG.info("{} {} answered 413: {}", method, path, message);
            if (bodyDeadline == null) {
                bodyDeadline = jetty.getScheduler().schedule(this::bodyTimedOut,
                        limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            write(413, JSON_TYPE, json(Map.of("error", message, "status", 413)), () -> {
                discarding = true;
                readBody();
            });
        }

        private void predict(JsonNode request) {
            TextClassifier ready = classifier.get();
            if (ready == null) {
                throw new HttpError(503, "the model is still loading; retry when GET /health answers 200");
            }
            JsonNode text = request.get("text");
            JsonNode texts = request.get("texts");
            if ((text == null) == (texts == null)) {
                throw new HttpError(400, "send {\"text\": \"...\"} for one text or {\"texts\": [\"...\", ...]} for several");
            }
            ObjectNode answer;
            if (text != null) {
                if (!text.isTextual()) {
                    throw new HttpError(400, "\"text\" must be a string");
                }
                TextLimits.check(text.asText(), "text");
                Prediction prediction = ready.classify(text.asText());
                answer = predictionJson(text.asText(), prediction);
                answer.put("latency_ms", prediction.latency().toNanos() / 1e6);
                metrics.classified(1);
            } else {
                List<String> batch = stringList(texts);
                TextLimits.checkBatch(batch, "texts");
                List<Prediction> predictions = ready.classifyAll(batch);
                answer = JSON.createObjectNode();
                ArrayNode array = answer.putArray("predictions");
                for (int i = 0; i < batch.size(); i++) {
                    array.add(predictionJson(batch.get(i), predictions.get(i)));
                }
                answer.put("latency_ms", predictions.get(0).latency().toNanos() / 1e6);
                metrics.classified(batch.size());
            }
            // Which model answered: during a rollout old and new tasks serve side by side.
            answer.put("model", ready.spec().name());
            answer.put("version", ready.spec().version());
            send(200, JSON_TYPE, json(answer));
        }

        private void fail(RuntimeException error) {
            if (error instanceof HttpError e) {
                LOG.info("{} {} answered {}: {}", method, path, e.status(), e.getMessage());
                sendError(e.status(), e.getMessage());
            } else if (error instanceof InputException e) {
                LOG.info("{} {} answered 422: {}", method, path, e.getMessage());
                sendError(422, e.getMessage());
            } else if (error instanceof ModelException e) {
                LOG.warn("prediction failed: {}", e.getMessage());
                sendError(500, "the model could not classify this request: " + e.getMessage());
            } else {
                LOG.error("unexpected error on {} {}", method, path, error);
                sendError(500, "internal error; retry, and if it persists see the server's log");
            }
        }

        private void sendError(int code, String message) {
            send(code, JSON_TYPE, json(Map.of("error", message, "status", code)));
        }

        private void send(int code, String contentType, byte[] bytes) {
            write(code, contentType, bytes, this::complete);
        }

        /** Writes the one answer this request gets; {@code afterWrite} runs once it is on the wire. */
        private void write(int code, String contentType, byte[] bytes, Runnable afterWrite) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            status = code;
            response.setStatus(code);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(bytes.length));
            boolean head = "HEAD".equals(method);
            response.write(true, head ? null : ByteBuffer.wrap(bytes), Callback.from(afterWrite, failure -> {
                // The client went away while its answer was written.
                complete();
            }));
        }

        /** Ends the exchange once: Jetty may reuse or close the connection, the request is counted. */
        private void complete() {
            if (!completed.compareAndSet(false, true)) {
                return;
            }
            cancelBodyDeadline();
            metrics.record(knownPath(path), status == 0 ? 499 : status, System.nanoTime() - startNanos);
            answeredCount.incrementAndGet();
            inFlight.decrementAndGet();
            callback.succeeded();
        }

        private void cancelBodyDeadline() {
            Scheduler.Task task = bodyDeadline;
            if (task != null) {
                task.cancel();
            }
        }
    }

    private static ObjectNode predictionJson(String text, Prediction prediction) {
        ObjectNode node = JSON.createObjectNode();
        node.put("text", text);
        node.put("label", prediction.label());
        node.put("score", (float) prediction.score());
        ObjectNode scores = node.putObject("scores");
        prediction.scores().forEach((label, probability) -> scores.put(label, probability.floatValue()));
        return node;
    }

    private static List<String> stringList(JsonNode texts) {
        if (!texts.isArray()) {
            throw new HttpError(400, "\"texts\" must be an array of strings");
        }
        if (texts.size() > TextLimits.MAX_TEXTS_PER_REQUEST) {
            throw new HttpError(413, "\"texts\" has " + texts.size() + " entries; at most "
                    + TextLimits.MAX_TEXTS_PER_REQUEST + " per request (split the batch)");
        }
        List<String> list = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            if (!texts.get(i).isTextual()) {
                throw new HttpError(400, "texts[" + i + "] must be a string");
            }
            list.add(texts.get(i).asText());
        }
        return list;
    }

    private static JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            throw new HttpError(400, "the request has no body; send JSON like {\"text\": \"a great movie\"}");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "the body is not valid JSON (" + e.getOriginalMessage()
                    + "); send {\"text\": \"a great movie\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw new HttpError(400, "the body must be a JSON object like {\"text\": \"a great movie\"}");
        }
        return node;
    }

    static String knownPath(String path) {
        return switch (path == null ? "" : path) {
            case "/health", "/predict", "/metrics", "/docs", "/openapi.json", "/" -> path;
            default -> "other";
        };
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = InferenceServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T extends Throwable> T causeOfType(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.debug("stopping a server that did not start", e);
        }
    }

    /** Lets requests in flight finish (at most {@link #DRAIN_TIMEOUT}), then stops. */
    @Override
    public void close() {
        close(DRAIN_TIMEOUT);
    }

    /**
     * Stops taking new connections, lets requests in flight finish for at most {@code drain}, then stops.
     * Connections already open may still send requests during the drain; their answers say
     * {@code Connection: close}.
     */
    public void close(Duration drain) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        connector.shutdown();
        long deadline = System.nanoTime() + drain.toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int abandoned = inFlight.get();
        if (abandoned > 0) {
            LOG.warn("{} request(s) still running after {}; stopping anyway", abandoned, seconds(drain));
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("the HTTP server did not stop cleanly: {}", e.getMessage());
        }
        predictions.shutdownNow();
    }

    /** Requests being answered now. */
    public int requestsInFlight() {
        return inFlight.get();
    }

    /** Requests answered since start, whatever their status (the window counts them live). */
    public long requestsAnswered() {
        return answeredCount.get();
    }
}
