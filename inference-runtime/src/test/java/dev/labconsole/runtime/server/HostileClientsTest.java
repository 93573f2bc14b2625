package dev.labconsole.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labconsole.runtime.model.ModelSpec;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.testing.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model server against clients that send slowly, too much, or not HTTP, over real sockets. Each case
 * comes from issue 15's probe of the old server (the JDK's, 4 workers, no timeouts): there, 4 slow
 * connections of any kind stopped {@code /health}, a {@code Content-Length} of 2,000,000 with no body
 * hung, a bad {@code Content-Length} or {@code CONNECT} got an HTML page naming
 * {@code NumberFormatException}, and 1,000 headers reset the connection with no answer.
 *
 * <p>Two servers: one with the container's limits (slow clients must not starve it while they are still
 * allowed to be slow), one with short deadlines (slow clients are cut off, in a fraction of a second
 * rather than the container's seconds, so the test needs no long waits).
 */
class HostileClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A /health answer slower than this means the health check is being starved. */
    private static final int HEALTH_ANSWER_MILLIS = 2_000;
    private static final ServerLimits STRICT = ServerLimits.DEFAULTS.withTimeouts(
            Duration.ofMillis(1_500), Duration.ofMillis(400), Duration.ofMillis(400));

    private static TextClassifier classifier;
    private static InferenceServer patient;
    private static InferenceServer strict;
    private final List<RawHttp> held = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() throws IOException {
        classifier = TextClassifier.load(ModelSpec.read(ProjectFiles.bundledModel()));
        patient = InferenceServer.start("127.0.0.1", 0);
        patient.modelReady(classifier);
        strict = InferenceServer.start("127.0.0.1", 0, STRICT);
        strict.modelReady(classifier);
    }

    @AfterAll
    static void stop() {
        patient.close(Duration.ofSeconds(2));
        strict.close(Duration.ofSeconds(2));
        classifier.close();
    }

    @AfterEach
    void releaseHeldConnections() throws Exception {
        trickle.shutdownNow();
        for (RawHttp connection : held) {
            connection.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((patient.requestsInFlight() > 0 || strict.requestsInFlight() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** The slow clients of the issue; each holds its connection in the middle of a request. */
    enum SlowClient {
        HEADERS_SLOWLY("GET /health HTTP/1.1\r\nHost: test\r\nX-Slow: ", true, false),
        CONTENT_LENGTH_WITHOUT_BODY("POST /predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + "Content-Length: 500000\r\n\r\n", false, true),
        SLOW_BODY("POST /predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{\"text\": \"", true, true),
        BYTES_WITHOUT_NEWLINE("GET /heal", false, false);

        final String opening;
        /** Sends one more byte every 100 ms, so it never goes idle. */
        final boolean trickles;
        /** Its headers are complete: the server is answering it (and the old server held a worker). */
        final boolean inFlight;

        SlowClient(String opening, boolean trickles, boolean inFlight) {
            this.opening = opening;
            this.trickles = trickles;
            this.inFlight = inFlight;
        }
    }

    static Stream<Arguments> slowClientsAndCounts() {
        return Stream.of(SlowClient.values()).flatMap(kind -> Stream.of(Arguments.of(kind, 4), Arguments.of(kind, 50)));
    }

    @ParameterizedTest(name = "{1} x {0}")
    @MethodSource("slowClientsAndCounts")
    void healthKeepsAnsweringWhileSlowClientsHoldConnections(SlowClient kind, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            held.add(new RawHttp(patient.port()).send(kind.opening));
        }
        if (kind.trickles) {
            trickle.scheduleAtFixedRate(() -> held.forEach(connection -> {
                try {
                    connection.send("a");
                } catch (IOException e) {
                    // A connection the server has closed is no longer slow: nothing to keep up.
                }
            }), 100, 100, TimeUnit.MILLISECONDS);
        }
        if (kind.inFlight) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (patient.requestsInFlight() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(patient.requestsInFlight()).as("requests the server is answering").isEqualTo(count);
        } else {
            Thread.sleep(300);
        }

        for (int probe = 0; probe < 5; probe++) {
            try (RawHttp health = new RawHttp(patient.port())) {
                RawHttp.Answer answer = health.send("GET /health HTTP/1.1\r\nHost: alb\r\n\r\n").read(HEALTH_ANSWER_MILLIS);
                assertThat(answer.status()).as("GET /health with %d slow connections open", count).isEqualTo(200);
                assertThat(JSON.readTree(answer.body()).get("status").asText()).isEqualTo("ok");
            }
        }
        for (RawHttp connection : held) {
            assertThat(connection.closedWithin(1)).as("a slow connection still allowed to be slow").isFalse();
        }
    }

    @Test
    void aLargeContentLengthIsRefusedAtOnceWithoutWaitingForTheBody() throws Exception {
        try (RawHttp client = new RawHttp(patient.port())) {
            RawHttp.Answer answer = client.send("POST /predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2000000\r\n\r\n").read(HEALTH_ANSWER_MILLIS);
            assertJsonError(answer, 413, "over 1024 KiB");
            assertThat(answer.header("Connection")).isEqualTo("close");
            // The body deadline is 20 s here: an answer within 2 s cannot have waited for it.
            assertThat(answer.millis()).isLessThan(HEALTH_ANSWER_MILLIS);
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefused() throws Exception {
        try (RawHttp client = new RawHttp(patient.port())) {
            client.send("POST /predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            String chunk = "a".repeat(64 * 1024);
            for (int i = 0; i < 18; i++) {
                client.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            }
            client.send("0\r\n\r\n");
            assertJsonError(client.read(5_000), 413, "over 1024 KiB");
        }
    }

    @Test
    void headersTrickledPastTheHeaderDeadlineAreAnswered408AndClosed() throws Exception {
        RawHttp client = hold(strict, SlowClient.HEADERS_SLOWLY.opening);
        trickle(client);
        assertCutOff(client);
    }

    @Test
    void bytesWithoutANewlineAreAnswered408AndClosed() throws Exception {
        assertCutOff(hold(strict, SlowClient.BYTES_WITHOUT_NEWLINE.opening));
    }

    @Test
    void aContentLengthWithNoBodyIsAnswered408AtTheBodyDeadline() throws Exception {
        assertCutOff(hold(strict, SlowClient.CONTENT_LENGTH_WITHOUT_BODY.opening));
    }

    @Test
    void aBodyTrickledPastTheBodyDeadlineIsAnswered408AndClosed() throws Exception {
        RawHttp client = hold(strict, SlowClient.SLOW_BODY.opening);
        trickle(client);
        assertCutOff(client);
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        RawHttp client = hold(strict, "GET /health HTTP/1.1\r\nHost: test\r\n\r\n");
        assertThat(client.read(HEALTH_ANSWER_MILLIS).status()).isEqualTo(200);
        assertThat(client.closedWithin(5_000)).as("closed after the 1.5 s idle timeout").isTrue();
    }

    static Stream<Arguments> badRequests() {
        String post = "POST /predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n";
        StringBuilder thousandShort = new StringBuilder("GET /health HTTP/1.1\r\nHost: test\r\n");
        StringBuilder thousandLong = new StringBuilder("GET /health HTTP/1.1\r\nHost: test\r\n");
        for (int i = 0; i < 1000; i++) {
            thousandShort.append("h").append(i % 10).append(": v\r\n");
            thousandLong.append("X-Header-").append(i).append(": value-").append(i).append("\r\n");
        }
        return Stream.of(
                Arguments.of("Content-Length -5", post + "Content-Length: -5\r\n\r\n{}", 400, "Content-Length"),
                Arguments.of("Content-Length abc", post + "Content-Length: abc\r\n\r\n{}", 400, "Content-Length"),
                Arguments.of("Content-Length 1e3", post + "Content-Length: 1e3\r\n\r\n{}", 400, "Content-Length"),
                Arguments.of("two Content-Lengths", post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400,
                        "Content-Length"),
                Arguments.of("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 405,
                        "not a proxy"),
                Arguments.of("1,000 short headers", thousandShort + "\r\n", 431, "headers"),
                Arguments.of("1,000 long headers", thousandLong + "\r\n", 431, "headers"),
                Arguments.of("not HTTP", "HELLO\r\n\r\n", 400, "not valid HTTP"),
                Arguments.of("HTTP/9.9", "GET /health HTTP/9.9\r\nHost: test\r\n\r\n", 505, "HTTP/1.1"),
                Arguments.of("a 20,000-character path", "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: test\r\n\r\n",
                        414, "too long"),
                Arguments.of("a header line without a colon", "GET /health HTTP/1.1\r\nHost: test\r\nno colon here\r\n\r\n",
                        400, "not valid HTTP"),
                Arguments.of("chunked and Content-Length together", post
                        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, "not both"),
                Arguments.of("an unknown transfer coding", post + "Transfer-Encoding: gzip\r\n\r\n", 400, "chunked alone"),
                Arguments.of("TRACE", "TRACE /health HTTP/1.1\r\nHost: test\r\n\r\n", 405, "use GET or HEAD"),
                Arguments.of("DELETE /predict", "DELETE /predict HTTP/1.1\r\nHost: test\r\n\r\n", 405, "use POST"),
                Arguments.of("POST /predict without a body", post + "Content-Length: 0\r\n\r\n", 400, "no body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsGetAJsonErrorNamingWhatToSend(String name, String request, int status, String message)
            throws Exception {
        try (RawHttp client = new RawHttp(patient.port())) {
            assertJsonError(client.send(request).read(HEALTH_ANSWER_MILLIS), status, message);
        }
    }

    @Test
    void predictionsBeyondTheQueueAre503WithRetryAfterWhileHealthAnswers() throws Exception {
        // One prediction thread and one queued prediction: 30 batches of 256 long texts sent at once cannot
        // all wait; those that cannot are told to retry, and /health does not queue behind any of them.
        ServerLimits tiny = new ServerLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10),
                16 * 1024, 100, 1024 * 1024, 16, 1, 1);
        InferenceServer busy = InferenceServer.start("127.0.0.1", 0, tiny);
        try {
            busy.modelReady(classifier);
            String text = "a long , winding and finally moving film about ".repeat(10);
            String body = JSON.writeValueAsString(Map.of("texts", Collections.nCopies(256, text)));
            String request = "POST /predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
            List<RawHttp> flood = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                flood.add(new RawHttp(busy.port()));
            }
            held.addAll(flood);
            for (RawHttp client : flood) {
                client.send(request);
            }
            try (RawHttp health = new RawHttp(busy.port())) {
                assertThat(health.send("GET /health HTTP/1.1\r\nHost: alb\r\n\r\n").read(HEALTH_ANSWER_MILLIS).status())
                        .isEqualTo(200);
            }
            int answered = 0;
            int refused = 0;
            for (RawHttp client : flood) {
                RawHttp.Answer answer = client.read(30_000);
                if (answer.status() == 200) {
                    assertThat(JSON.readTree(answer.body()).get("predictions")).hasSize(256);
                    answered++;
                } else {
                    assertJsonError(answer, 503, "retry in a moment");
                    assertThat(answer.header("Retry-After")).isEqualTo("1");
                    refused++;
                }
            }
            assertThat(answered).isPositive();
            assertThat(refused).as("refused beyond one running and one queued").isPositive();
        } finally {
            busy.close(Duration.ofSeconds(2));
        }
    }

    @Test
    void headAnswersHealthWithoutABody() throws Exception {
        try (RawHttp client = new RawHttp(patient.port())) {
            RawHttp.Answer answer = client.send("HEAD /health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
                    .read(HEALTH_ANSWER_MILLIS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEmpty();
        }
    }

    /** Sends one more byte every 50 ms, until the server closes the connection. */
    private void trickle(RawHttp client) {
        trickle.scheduleAtFixedRate(() -> {
            try {
                client.send("a");
            } catch (IOException e) {
                // Closed by the server: what the test waits for.
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
    }

    private RawHttp hold(InferenceServer server, String opening) throws IOException {
        RawHttp client = new RawHttp(server.port()).send(opening);
        held.add(client);
        return client;
    }

    /** A 408 JSON answer well before the 1.5 s idle timeout could have ended it, then the connection closed. */
    private static void assertCutOff(RawHttp client) throws IOException {
        RawHttp.Answer answer = client.read(5_000);
        assertJsonError(answer, 408, "");
        assertThat(answer.millis()).as("cut off by the 400 ms deadline").isLessThan(1_400);
        assertThat(answer.header("Connection")).isEqualTo("close");
        assertThat(client.closedWithin(2_000)).isTrue();
    }

    private static void assertJsonError(RawHttp.Answer answer, int status, String message) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as("Content-Type").contains("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).contains(message)
                .doesNotContain("Exception").doesNotContainIgnoringCase("jetty").doesNotContain("<");
    }
}
