package dev.labconsole.runtime.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.labconsole.runtime.batch.InputException;
import dev.labconsole.runtime.batch.TextLimits;
import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.model.Prediction;
import dev.labconsole.runtime.model.TextClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link TextClassifier} over HTTP.
 *
 * <p>The server listens before the model is loaded, so a load balancer sees {@code /health} answer
 * 503 while loading and 200 once ready, rather than a refused connection. Every refusal is a JSON
 * body {@code {"error": ..., "status": ...}}: bad JSON, a missing field, a body over 1 MB, more than
 * 256 texts or a text over 10,000 characters are 4xx with a sentence saying what to send instead.
 */
public final class InferenceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final long MAX_DRAINED_BYTES = 8L * 1024 * 1024;
    /**
     * How long {@link #close} waits for requests in flight: ECS sends SIGTERM and kills the task 30 s
     * later (its default stop timeout), so the drain ends well before, with time left to exit.
     */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final HttpServer http;
    private final ExecutorService workers;
    private final ServerMetrics metrics = new ServerMetrics();
    private final AtomicReference<TextClassifier> classifier = new AtomicReference<>();
    private final AtomicReference<String> loadFailure = new AtomicReference<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final byte[] openApi;
    private final byte[] docsPage;

    private InferenceServer(HttpServer http, ExecutorService workers) {
        this.http = http;
        this.workers = workers;
        this.openApi = resource("openapi.json");
        this.docsPage = resource("docs.html");
    }

    /**
     * Starts listening on {@code host:port} (port 0 picks a free one); the model comes later with
     * {@link #modelReady}.
     */
    public static InferenceServer start(String host, int port) throws IOException {
        // Without TCP_NODELAY, small keep-alive responses wait for the client's delayed ACK: 40 ms each.
        // The JDK's server reads this once, when it first starts; a user's own setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 512);
        AtomicInteger threadCount = new AtomicInteger();
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "http-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        InferenceServer server = new InferenceServer(http, workers);
        http.setExecutor(workers);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    /** The port the server listens on. */
    public int port() {
        return http.getAddress().getPort();
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

    private void handle(HttpExchange exchange) {
        inFlight.incrementAndGet();
        try {
            handleCounted(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void handleCounted(HttpExchange exchange) {
        long start = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        String metricPath = knownPath(path);
        int status;
        try {
            status = route(exchange, path);
        } catch (HttpError e) {
            LOG.info("{} {} answered {}: {}", exchange.getRequestMethod(), path, e.status(), e.getMessage());
            status = sendError(exchange, e.status(), e.getMessage());
        } catch (InputException e) {
            LOG.info("{} {} answered 422: {}", exchange.getRequestMethod(), path, e.getMessage());
            status = sendError(exchange, 422, e.getMessage());
        } catch (ModelException e) {
            LOG.warn("prediction failed: {}", e.getMessage());
            status = sendError(exchange, 500, "the model could not classify this request: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            // The client went away mid-request; nothing to answer.
            status = 499;
        } catch (RuntimeException e) {
            LOG.error("unexpected error on {} {}", exchange.getRequestMethod(), path, e);
            status = sendError(exchange, 500, "internal error: " + e.getClass().getSimpleName());
        } finally {
            exchange.close();
        }
        metrics.record(metricPath, status, System.nanoTime() - start);
    }

    private int route(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        switch (path) {
            case "/health":
                requireMethod(method, "GET", "HEAD");
                return health(exchange);
            case "/predict":
                requireMethod(method, "POST");
                return predict(exchange);
            case "/metrics":
                requireMethod(method, "GET");
                return send(exchange, 200, metrics.contentType(), metrics.scrape());
            case "/openapi.json":
                requireMethod(method, "GET");
                return send(exchange, 200, JSON_TYPE, openApi);
            case "/docs":
                requireMethod(method, "GET");
                String accept = exchange.getRequestHeaders().getFirst("Accept");
                return accept != null && accept.contains("application/json") && !accept.contains("text/html")
                        ? send(exchange, 200, JSON_TYPE, openApi)
                        : send(exchange, 200, "text/html; charset=utf-8", docsPage);
            case "/":
                requireMethod(method, "GET");
                exchange.getResponseHeaders().set("Location", "/docs");
                return send(exchange, 302, JSON_TYPE, json(Map.of("docs", "/docs")));
            default:
                throw new HttpError(404, "no such endpoint " + path + "; see GET /docs");
        }
    }

    private int health(HttpExchange exchange) throws IOException {
        TextClassifier ready = classifier.get();
        ObjectNode body = JSON.createObjectNode();
        if (ready == null) {
            String failure = loadFailure.get();
            body.put("status", failure == null ? "loading" : "failed");
            if (failure != null) {
                body.put("error", failure);
            }
            return send(exchange, 503, JSON_TYPE, JSON.writeValueAsBytes(body));
        }
        body.put("status", "ok");
        body.put("model", ready.spec().name());
        body.put("version", ready.spec().version());
        body.set("labels", JSON.valueToTree(ready.spec().labels()));
        return send(exchange, 200, JSON_TYPE, JSON.writeValueAsBytes(body));
    }

    private int predict(HttpExchange exchange) throws IOException {
        TextClassifier ready = classifier.get();
        if (ready == null) {
            throw new HttpError(503, "the model is still loading; retry when GET /health answers 200");
        }
        JsonNode request = parseBody(exchange);
        JsonNode text = request.get("text");
        JsonNode texts = request.get("texts");
        if ((text == null) == (texts == null)) {
            throw new HttpError(400, "send {\"text\": \"...\"} for one text or {\"texts\": [\"...\", ...]} for several");
        }
        ObjectNode response = JSON.createObjectNode();
        if (text != null) {
            if (!text.isTextual()) {
                throw new HttpError(400, "\"text\" must be a string");
            }
            TextLimits.check(text.asText(), "text");
            Prediction prediction = ready.classify(text.asText());
            response = predictionJson(text.asText(), prediction);
            response.put("latency_ms", prediction.latency().toNanos() / 1e6);
            metrics.classified(1);
        } else {
            List<String> batch = stringList(texts);
            TextLimits.checkBatch(batch, "texts");
            List<Prediction> predictions = ready.classifyAll(batch);
            ArrayNode array = response.putArray("predictions");
            for (int i = 0; i < batch.size(); i++) {
                array.add(predictionJson(batch.get(i), predictions.get(i)));
            }
            response.put("latency_ms", predictions.get(0).latency().toNanos() / 1e6);
            metrics.classified(batch.size());
        }
        response.put("model", ready.spec().name());
        return send(exchange, 200, JSON_TYPE, JSON.writeValueAsBytes(response));
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

    private static JsonNode parseBody(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null && parseLength(length) > TextLimits.MAX_REQUEST_BYTES) {
                throw tooLarge(exchange, in);
            }
            body = in.readNBytes(TextLimits.MAX_REQUEST_BYTES + 1);
            if (body.length > TextLimits.MAX_REQUEST_BYTES) {
                throw tooLarge(exchange, in);
            }
        }
        if (body.length == 0) {
            throw new HttpError(400, "the request has no body; send JSON like {\"text\": \"a great movie\"}");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "the body is not valid JSON (" + e.getOriginalMessage()
                    + "); send {\"text\": \"a great movie\"}");
        }
        if (node == null || !node.isObject()) {
            throw new HttpError(400, "the body must be a JSON object like {\"text\": \"a great movie\"}");
        }
        return node;
    }

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "Content-Length is not a number");
        }
    }

    /**
     * Refuses an oversized body. The unread rest is drained first (up to a bound): closing a socket
     * with unread input resets it, and the client would lose the 413 it is owed.
     */
    private static HttpError tooLarge(HttpExchange exchange, InputStream in) throws IOException {
        long drained = 0;
        byte[] sink = new byte[64 * 1024];
        int n;
        while (drained < MAX_DRAINED_BYTES && (n = in.read(sink)) > 0) {
            drained += n;
        }
        exchange.getResponseHeaders().set("Connection", "close");
        return new HttpError(413, "the body is over " + TextLimits.MAX_REQUEST_BYTES / 1024
                + " KiB; send fewer or shorter texts per request");
    }

    private static void requireMethod(String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw new HttpError(405, method + " is not allowed here; use " + String.join(" or ", allowed));
    }

    private static String knownPath(String path) {
        return switch (path) {
            case "/health", "/predict", "/metrics", "/docs", "/openapi.json", "/" -> path;
            default -> "other";
        };
    }

    private static int sendError(HttpExchange exchange, int status, String message) {
        try {
            return send(exchange, status, JSON_TYPE, json(Map.of("error", message, "status", status)));
        } catch (IOException e) {
            return status;
        }
    }

    private static int send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
        return status;
    }

    private static byte[] json(Object value) throws JsonProcessingException {
        return JSON.writeValueAsBytes(value);
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

    /** Lets requests in flight finish (at most {@link #DRAIN_TIMEOUT}), then stops listening and the workers. */
    @Override
    public void close() {
        close(DRAIN_TIMEOUT);
    }

    /** Lets requests in flight finish for at most {@code drain}, then stops listening and the workers. */
    public void close(Duration drain) {
        // The JDK's HttpServer.stop(delay) waits the whole delay even when nothing is in flight (until
        // Java 21), so the drain is counted here and stop gets no delay of its own.
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
            LOG.warn("{} request(s) still running after {} s; stopping anyway", abandoned, drain.toSeconds());
        }
        http.stop(0);
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Requests being answered now. */
    public int requestsInFlight() {
        return inFlight.get();
    }
}
