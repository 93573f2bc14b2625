package dev.labconsole.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load test against a real HTTP server on loopback: counts, status mix, the concurrency cap, stopping. */
class LoadTestTest {

    private HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    @BeforeEach
    void server() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/predict", exchange -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            try {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Thread.sleep(5);
                // Every tenth answer is a server error, as a failing task behind the load balancer would give.
                int status = answered.incrementAndGet() % 10 == 0 ? 500 : body.contains("\"text\"") ? 200 : 400;
                byte[] reply = "{\"label\":\"positive\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, reply.length);
                exchange.getResponseBody().write(reply);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void sendsExactlyThePlannedRequestsNeverMoreAtOnceThanAsked() throws Exception {
        LoadTest.Plan plan = LoadTest.of(address(), 200, 8, "a \"quoted\" review").plan();
        AtomicInteger progress = new AtomicInteger();

        LoadTest.Result result = LoadTest.run(plan, progress::set, () -> false);

        assertThat(result.sent()).isEqualTo(200);
        assertThat(answered.get()).isEqualTo(200);
        assertThat(progress.get()).isEqualTo(200);
        assertThat(result.statuses()).containsEntry(200, 180).containsEntry(500, 20).hasSize(2);
        assertThat(result.succeeded()).isEqualTo(180);
        assertThat(result.failed()).isEqualTo(20);
        assertThat(mostInFlight.get()).isBetween(2, 8);
        double[] latency = result.latencyMillis();
        assertThat(latency[0]).isPositive().isLessThanOrEqualTo(latency[1]);
        assertThat(latency[1]).isLessThanOrEqualTo(latency[2]);
        assertThat(latency[2]).isLessThanOrEqualTo(latency[3]);
        assertThat(result.perSecond().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
        assertThat(result.stopped()).isFalse();
    }

    @Test
    void stopsBetweenRequestsWhenAsked() throws Exception {
        LoadTest.Plan plan = LoadTest.of(address(), 5_000, 4, "text").plan();
        AtomicInteger done = new AtomicInteger();

        LoadTest.Result result = LoadTest.run(plan, done::set, () -> done.get() >= 40);

        assertThat(result.stopped()).isTrue();
        assertThat(result.sent()).isBetween(40, 40 + 4);
        assertThat(answered.get()).isEqualTo(result.sent());
    }

    @Test
    void aPlanIsCheckedBeforeAnythingIsSent() {
        record Case(String address, int requests, int concurrency, String text, String problem) {
        }
        for (Case c : List.of(
                new Case("", 10, 2, "t", "no address"),
                new Case("ftp://host", 10, 2, "t", "not an http"),
                new Case(address(), 0, 2, "t", "between 1 and 5000"),
                new Case(address(), 5_001, 2, "t", "between 1 and 5000"),
                new Case(address(), 10, 0, "t", "between 1 and 32"),
                new Case(address(), 10, 33, "t", "between 1 and 32"),
                new Case(address(), 10, 2, " ", "needs a text"))) {
            LoadTest.Parsed parsed = LoadTest.of(c.address(), c.requests(), c.concurrency(), c.text());
            assertThat(parsed.ok()).as(c.toString()).isFalse();
            assertThat(parsed.problems()).as(c.toString()).singleElement().asString().contains(c.problem());
        }
        assertThat(answered.get()).isZero();
        assertThat(LoadTest.of("my-alb-1.us-east-1.elb.amazonaws.com/", 10, 2, "t").plan().predict())
                .hasToString("http://my-alb-1.us-east-1.elb.amazonaws.com/predict");
    }
}
