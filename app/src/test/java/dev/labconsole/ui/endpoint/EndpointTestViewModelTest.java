package dev.labconsole.ui.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.labconsole.ui.BackgroundRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Test page against a real local HTTP server standing in for the load balancer. */
class EndpointTestViewModelTest {

    private HttpServer server;
    private final AtomicReference<String> receivedBody = new AtomicReference<>();
    private final SimpleStringProperty address = new SimpleStringProperty("");
    private final SimpleBooleanProperty practice = new SimpleBooleanProperty(false);
    private EndpointTestViewModel model;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"ok\"}"));
        server.createContext("/predict", exchange -> {
            receivedBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, 200, "{\"label\":\"positive\",\"score\":0.97}");
        });
        server.start();
        model = new EndpointTestViewModel(BackgroundRunner.synchronous(), address, practice);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void withoutALoadBalancerNothingCanBeSentAndThePageSaysWhy() {
        assertThat(model.canTestProperty().get()).isFalse();
        assertThat(model.noteProperty().get()).contains("Create the load balancer first");
        practice.set(true);
        assertThat(model.noteProperty().get()).contains("runs no containers");
    }

    @Test
    void healthAndPredictShowStatusBodyAndLatency() {
        address.set("http://127.0.0.1:" + server.getAddress().getPort());
        assertThat(model.canTestProperty().get()).isTrue();

        model.health();
        assertThat(model.healthResultProperty().get()).startsWith("HTTP 200 in ").contains("\"status\":\"ok\"");
        assertThat(model.lastAnswerProperty().get().latencyMillis()).isGreaterThanOrEqualTo(0);

        model.textProperty().set("a \"quoted\" film");
        model.predict();
        assertThat(receivedBody.get()).isEqualTo("{\"text\": \"a \\\"quoted\\\" film\"}");
        assertThat(model.predictResultProperty().get()).startsWith("HTTP 200").contains("positive");
    }

    @Test
    void aDeadAddressSaysThereIsNoAnswer() {
        int port = server.getAddress().getPort();
        server.stop(0);
        address.set("http://127.0.0.1:" + port);

        model.health();

        assertThat(model.healthResultProperty().get()).startsWith("No answer");
    }
}
