package dev.labconsole.ui.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.labconsole.lab.LabTargets.TargetHealth;
import dev.labconsole.ui.BackgroundRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
    private final List<URI> opened = new ArrayList<>();
    private Callable<List<TargetHealth>> targetSource = List::of;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"ok\"}"));
        server.createContext("/predict", exchange -> {
            receivedBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, 200, "{\"label\":\"positive\",\"score\":0.97}");
        });
        server.start();
        model = new EndpointTestViewModel(BackgroundRunner.synchronous(), address, practice, () -> targetSource.call(),
                opened::add);
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
    void aGoodAnswerIsAVerdictAnErrorStatusOrNoAnswerIsAFailure() {
        server.createContext("/broken", exchange -> answer(exchange, 503, "{\"detail\":\"model not loaded\"}"));
        assertThat(model.verdictProperty().get()).isEqualTo(EndpointTestViewModel.Verdict.NOT_TESTED);
        address.set("http://127.0.0.1:" + server.getAddress().getPort());

        model.health();
        assertThat(model.verdictProperty().get()).isEqualTo(EndpointTestViewModel.Verdict.ANSWERED);

        address.set("http://127.0.0.1:" + server.getAddress().getPort() + "/broken");
        model.predict();
        assertThat(model.predictResultProperty().get()).startsWith("HTTP 503");
        assertThat(model.verdictProperty().get()).as("the last test decides").isEqualTo(
                EndpointTestViewModel.Verdict.FAILED);

        address.set("http://127.0.0.1:" + server.getAddress().getPort());
        model.predict();
        assertThat(model.verdictProperty().get()).isEqualTo(EndpointTestViewModel.Verdict.ANSWERED);
        server.stop(0);
        model.health();
        assertThat(model.verdictProperty().get()).isEqualTo(EndpointTestViewModel.Verdict.FAILED);
    }

    @Test
    void aDeadAddressSaysThereIsNoAnswer() {
        int port = server.getAddress().getPort();
        server.stop(0);
        address.set("http://127.0.0.1:" + port);

        model.health();

        assertThat(model.healthResultProperty().get()).isEqualTo("No answer: nothing accepts connections at"
                + " 127.0.0.1:" + port + ". Check the listener and the load balancer's security group.");
    }

    @Test
    void docsOpenInTheBrowserOnlyWhereSomethingCanAnswer() {
        model.openDocs();
        assertThat(opened).as("no load balancer yet").isEmpty();
        address.set("http://lab-alb-123.us-east-1.elb.amazonaws.com");
        practice.set(true);
        assertThat(model.canOpenDocsProperty().get()).as("an emulator's address leads nowhere").isFalse();

        practice.set(false);
        model.openDocs();

        assertThat(opened).containsExactly(URI.create("http://lab-alb-123.us-east-1.elb.amazonaws.com/docs"));
    }

    @Test
    void targetHealthCountsTheHealthyAndSaysWhereToLookForTheRest() {
        address.set("http://lab-alb-123.us-east-1.elb.amazonaws.com");
        TargetHealth healthy = new TargetHealth("10.0.3.17", 8000, "0f1e", "healthy", "", "");
        TargetHealth failing = new TargetHealth("10.0.4.9", 8000, "9a8b", "unhealthy", "Target.Timeout",
                "Request timed out");
        targetSource = () -> List.of(healthy, failing);

        model.readTargets();

        assertThat(model.targets()).containsExactly(healthy, failing);
        assertThat(model.targetsStatusProperty().get()).startsWith("1 of 2 targets healthy").contains("Logs page");
        assertThat(model.readingTargetsProperty().get()).isFalse();

        targetSource = () -> List.of(healthy);
        model.readTargets();
        assertThat(model.targetsStatusProperty().get()).isEqualTo("1 of 1 target healthy");
    }

    @Test
    void noTargetsIsExplainedForTheEmulatorAndForAwsAndAFailureIsShown() {
        address.set("http://lab-alb-123.us-east-1.elb.amazonaws.com");
        model.readTargets();
        assertThat(model.targetsStatusProperty().get()).contains("a minute or two after Create");

        practice.set(true);
        model.readTargets();
        assertThat(model.targetsStatusProperty().get()).contains("the emulator runs no tasks");

        targetSource = () -> {
            throw new IllegalStateException("The lab has no target group yet: create the load balancer first.");
        };
        model.readTargets();
        assertThat(model.targets()).isEmpty();
        assertThat(model.targetsStatusProperty().get())
                .isEqualTo("Could not read the targets: The lab has no target group yet: create the load balancer first.");
    }

    @Test
    void anAddressThatDoesNotResolveYetSaysDnsTakesAFewMinutes() {
        address.set("http://lab-alb-1.invalid");

        model.health();

        assertThat(model.healthResultProperty().get()).isEqualTo("No answer: lab-alb-1.invalid does not resolve."
                + " A new load balancer's name takes a few minutes to appear in DNS.");
    }
}
