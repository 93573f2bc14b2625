package dev.labconsole.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of the emulator that answers a share of requests, before they reach
 * it, with a throttling error, a 503, or a dropped connection, as real AWS does under load. Requests
 * it lets through are forwarded unchanged. Seeded, so a failing run can be replayed.
 */
public final class FaultyProxy implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "keep-alive");

    private final HttpServer server;
    private final URI target;
    private final double faultShare;
    private final Random random;
    private final AtomicInteger faults = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile Rewrite rewrite;

    /** Answers to requests whose body holds {@code marker} get {@code from} replaced by {@code to}. */
    private record Rewrite(String marker, String from, String to) {
    }

    private FaultyProxy(URI target, double faultShare, long seed) throws IOException {
        this.target = target;
        this.faultShare = faultShare;
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    /** A proxy to {@code target} that spoils {@code faultShare} (0..1) of the requests. */
    public static FaultyProxy start(URI target, double faultShare, long seed) throws IOException {
        return new FaultyProxy(target, faultShare, seed);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Holds a wait open: in answers to requests whose body contains {@code marker} (e.g.
     * {@code Action=DescribeNatGateways}), {@code from} becomes {@code to} (e.g. the state {@code available}
     * becomes {@code pending}), until {@link #release()}.
     */
    public void hold(String marker, String from, String to) {
        rewrite = new Rewrite(marker, from, to);
    }

    /** Answers pass unchanged again. */
    public void release() {
        rewrite = null;
    }

    /** How many requests were spoiled. */
    public int faults() {
        return faults.get();
    }

    /** How many requests were passed through. */
    public int forwarded() {
        return forwarded.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        int roll;
        synchronized (random) {
            roll = random.nextDouble() < faultShare ? random.nextInt(3) : -1;
        }
        if (roll >= 0) {
            faults.incrementAndGet();
            switch (roll) {
                case 0 -> throttle(exchange);
                case 1 -> respond(exchange, 503, "text/plain", "Service Unavailable".getBytes(StandardCharsets.UTF_8));
                default -> exchange.close(); // no status line at all: the client sees the connection drop
            }
            return;
        }
        forwarded.incrementAndGet();
        forward(exchange, body);
    }

    private static void throttle(HttpExchange exchange) throws IOException {
        // JSON-protocol services (ECS, ECR, CloudWatch Logs) name the operation in X-Amz-Target and throttle
        // with a JSON 400. The Content-Type is no guide: an S3 PUT of a .json file carries application/json,
        // and S3 never answers in JSON (a JSON 400 there is an error the SDK rightly does not retry).
        if (exchange.getRequestHeaders().containsKey("X-Amz-Target")) {
            respond(exchange, 400, "application/x-amz-json-1.1",
                    "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}".getBytes(StandardCharsets.UTF_8));
        } else {
            respond(exchange, 503, "text/xml", ("<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                    + "<Message>Request limit exceeded.</Message></Error></Errors><RequestID>proxy</RequestID></Response>")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        URI uri = target.resolve(exchange.getRequestURI().toString());
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod(exchange.getRequestMethod());
        connection.setInstanceFollowRedirects(false);
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_HEADERS.contains(header.getKey().toLowerCase())) {
                for (String value : header.getValue()) {
                    connection.addRequestProperty(header.getKey(), value);
                }
            }
        }
        if (body.length > 0) {
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        byte[] response = in == null ? new byte[0] : in.readAllBytes();
        Rewrite held = rewrite;
        if (held != null && new String(body, StandardCharsets.UTF_8).contains(held.marker())) {
            response = new String(response, StandardCharsets.UTF_8).replace(held.from(), held.to())
                    .getBytes(StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
            if (header.getKey() != null && !HOP_HEADERS.contains(header.getKey().toLowerCase())) {
                exchange.getResponseHeaders().put(header.getKey(), header.getValue());
            }
        }
        boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || status == 204 || status == 304;
        String length = connection.getHeaderField("Content-Length");
        if ("HEAD".equals(exchange.getRequestMethod()) && length != null) {
            // S3's HeadObject answers the object's size here; a HEAD response carries no body to count.
            exchange.getResponseHeaders().set("Content-Length", length);
        }
        exchange.sendResponseHeaders(status, noBody ? -1 : response.length == 0 ? -1 : response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!noBody) {
                out.write(response);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
