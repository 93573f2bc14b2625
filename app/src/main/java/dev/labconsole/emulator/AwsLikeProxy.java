package dev.labconsole.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback HTTP proxy in front of {@code moto} that behaves like AWS (see {@link EmulatorSettings}
 * and {@link AwsBehaviour}): it answers some requests itself with the errors AWS would give, forwards
 * the rest, and rewrites describe answers so resources take AWS's time to become available.
 *
 * <p>Loopback only, like the emulator behind it: it accepts any credentials.
 */
public final class AwsLikeProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsLikeProxy.class);

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "keep-alive");

    private final HttpServer server;
    private final ExecutorService threads;
    private final URI target;
    private final EmulatorSettings settings;
    private final AwsBehaviour behaviour;
    private final Random random;
    private final Map<EmulatorSettings.Fault, AtomicInteger> injected = new HashMap<>();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private volatile Hold hold;

    /** Answers to {@code action} get {@code from} replaced by {@code to}: see {@link #hold}. */
    private record Hold(String action, String from, String to) {
    }

    private AwsLikeProxy(URI target, int port, EmulatorSettings settings) throws IOException {
        this.target = target;
        this.settings = settings;
        this.behaviour = new AwsBehaviour(settings);
        this.random = new Random(settings.seed());
        for (EmulatorSettings.Fault fault : EmulatorSettings.Fault.values()) {
            injected.put(fault, new AtomicInteger());
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(16, r -> {
            Thread thread = new Thread(r, "aws-like-proxy-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** A proxy on a free loopback port to the emulator at {@code target}. */
    public static AwsLikeProxy start(URI target, EmulatorSettings settings) throws IOException {
        return new AwsLikeProxy(target, 0, settings);
    }

    /** A proxy on {@code port} of the loopback interface (practice mode's emulator URL). */
    public static AwsLikeProxy start(URI target, int port, EmulatorSettings settings) throws IOException {
        return new AwsLikeProxy(target, port, settings);
    }

    /** Where clients connect: {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public EmulatorSettings settings() {
        return settings;
    }

    /** How many requests got {@code fault}. */
    public int injected(EmulatorSettings.Fault fault) {
        return injected.get(fault).get();
    }

    /** How many requests got any injected fault. */
    public int faults() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** How many requests reached the emulator. */
    public int forwarded() {
        return forwarded.get();
    }

    /**
     * From now on every request signed with an access key seen so far fails with {@code ExpiredToken},
     * as AWS Academy's session does after about four hours; fresh keys work.
     */
    public void expireCredentialsNow() {
        behaviour.expireKeysSeen();
    }

    /** From now on {@code action} (e.g. "DescribeTags", "GetRole") is answered with access denied. */
    public void deny(String action) {
        behaviour.deny(action);
    }

    /**
     * For tests that need a wait held open: in answers to {@code action} (e.g. {@code DescribeNatGateways}),
     * {@code from} becomes {@code to} (e.g. {@code <state>available</state>} becomes
     * {@code <state>pending</state>}), until {@link #release()}. Kept apart from {@link AwsBehaviour}'s timing,
     * which it overrides.
     */
    public void hold(String action, String from, String to) {
        hold = new Hold(action, from, to);
    }

    /** Answers pass as {@link AwsBehaviour} makes them again. */
    public void release() {
        hold = null;
    }

    /** How many requests answered {@code ExpiredToken}. */
    public int expiredAnswers() {
        return behaviour.expiredAnswers();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            AwsRequest request = AwsRequest.parse(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(),
                    headers, body);
            requests.incrementAndGet();
            var refusal = behaviour.refuse(request);
            if (refusal.isPresent()) {
                respond(exchange, refusal.get());
                return;
            }
            var repeated = behaviour.repeatedToken(request);
            if (repeated.isPresent()) {
                forwarded.incrementAndGet();
                byte[] answer = repeated.get();
                exchange.getResponseHeaders().set("Content-Type", request.protocol() == AwsRequest.Protocol.JSON
                        ? "application/x-amz-json-1.1" : "text/xml");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
                return;
            }
            EmulatorSettings.Fault fault = roll(request);
            if (fault != null) {
                injected.get(fault).incrementAndGet();
                switch (fault) {
                    case THROTTLE -> {
                        respond(exchange, throttle(request));
                        return;
                    }
                    case SERVER_ERROR -> {
                        respond(exchange, AwsErrorReply.of(request, 503, "ServiceUnavailable", "Service Unavailable"));
                        return;
                    }
                    case DROP -> {
                        exchange.close(); // no status line at all: the client sees the connection drop
                        return;
                    }
                    case NOT_FOUND_AFTER_CREATE -> {
                        respond(exchange, behaviour.notFoundAfterCreate(request).orElseThrow());
                        return;
                    }
                    case LOST_REPLY -> {
                        forwarded.incrementAndGet();
                        Reply reply = forward(exchange, body);
                        behaviour.observe(request, reply.status(), reply.body());
                        exchange.close(); // AWS acted; the client never hears so
                        return;
                    }
                    default -> throw new IllegalStateException(fault.name());
                }
            }
            forwarded.incrementAndGet();
            Reply reply = forward(exchange, body);
            byte[] answer = held(request, behaviour.observe(request, reply.status(), reply.body()));
            send(exchange, reply, answer);
        } catch (IOException | RuntimeException e) {
            LOG.debug("proxying {} failed", exchange.getRequestURI(), e);
            exchange.close();
        }
    }

    private byte[] held(AwsRequest request, byte[] answer) {
        Hold held = hold;
        if (held == null || !held.action().equals(request.action())) {
            return answer;
        }
        return new String(answer, StandardCharsets.UTF_8).replace(held.from(), held.to()).getBytes(StandardCharsets.UTF_8);
    }

    /** The fault this request gets, or null: seeded, so a run replays with the same seed. */
    private EmulatorSettings.Fault roll(AwsRequest request) {
        if (settings.faultShare() <= 0 || settings.faults().isEmpty()) {
            return null;
        }
        List<EmulatorSettings.Fault> kinds = new ArrayList<>(settings.faults());
        kinds.sort(null);
        EmulatorSettings.Fault fault;
        synchronized (random) {
            if (random.nextDouble() >= settings.faultShare()) {
                return null;
            }
            fault = kinds.get(random.nextInt(kinds.size()));
        }
        if (fault == EmulatorSettings.Fault.NOT_FOUND_AFTER_CREATE && behaviour.notFoundAfterCreate(request).isEmpty()) {
            return null; // nothing in this request was created a moment ago
        }
        return fault;
    }

    private static AwsErrorReply throttle(AwsRequest request) {
        // JSON-protocol services (ECS, ECR, CloudWatch Logs) name the operation in X-Amz-Target and throttle
        // with a JSON 400; EC2 says RequestLimitExceeded; ELB, IAM, STS say Throttling; S3 answers 503 SlowDown.
        return switch (request.protocol()) {
            case JSON -> AwsErrorReply.of(request, 400, "ThrottlingException", "Rate exceeded");
            case QUERY -> "ec2".equals(request.service())
                    ? AwsErrorReply.of(request, 503, "RequestLimitExceeded", "Request limit exceeded.")
                    : AwsErrorReply.of(request, 400, "Throttling", "Rate exceeded");
            case REST -> AwsErrorReply.of(request, 503, "SlowDown", "Please reduce your request rate.");
        };
    }

    private static void respond(HttpExchange exchange, AwsErrorReply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), head ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(reply.body());
            }
        }
    }

    /** What the emulator answered. */
    private record Reply(int status, Map<String, List<String>> headers, byte[] body, String contentLength) {
    }

    private Reply forward(HttpExchange exchange, byte[] body) throws IOException {
        URI uri = target.resolve(exchange.getRequestURI().toString());
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod(exchange.getRequestMethod());
        connection.setInstanceFollowRedirects(false);
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
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
        return new Reply(status, connection.getHeaderFields(), response, connection.getHeaderField("Content-Length"));
    }

    private static void send(HttpExchange exchange, Reply reply, byte[] body) throws IOException {
        for (Map.Entry<String, List<String>> header : reply.headers().entrySet()) {
            if (header.getKey() != null && !HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(header.getKey(), header.getValue());
            }
        }
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        boolean noBody = head || reply.status() == 204 || reply.status() == 304;
        if (head && reply.contentLength() != null) {
            // S3's HeadObject answers the object's size here; a HEAD response carries no body to count.
            exchange.getResponseHeaders().set("Content-Length", reply.contentLength());
        }
        exchange.sendResponseHeaders(reply.status(), noBody || body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!noBody) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
