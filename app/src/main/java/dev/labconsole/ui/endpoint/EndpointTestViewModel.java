package dev.labconsole.ui.endpoint;

import dev.labconsole.lab.ResourceKey;
import dev.labconsole.ui.LabSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import dev.labconsole.ui.BackgroundRunner;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** State and commands of the Test page; knows nothing of controls. */
public final class EndpointTestViewModel {

    /**
     * One answer.
     *
     * @param status the HTTP status
     * @param body what came back
     * @param latencyMillis how long it took
     */
    public record Answer(int status, String body, long latencyMillis) {
        @Override
        public String toString() {
            return "HTTP " + status + " in " + latencyMillis + " ms\n" + body;
        }
    }

    private final BackgroundRunner runner;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final StringProperty text = new SimpleStringProperty("a gripping, beautifully acted film");
    private final ReadOnlyStringWrapper healthResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper predictResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Answer> lastAnswer = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canTest = new ReadOnlyBooleanWrapper(false);

    /** The page for the session's load balancer (its DNS name from the lab's state). */
    public EndpointTestViewModel(LabSession session) {
        this(session.runner(), Bindings.createStringBinding(() -> {
            String dns = session.snapshotProperty().get().ids().get(ResourceKey.LOAD_BALANCER_DNS);
            return dns == null ? "" : "http://" + dns + portSuffix(session);
        }, session.snapshotProperty()), session.practiceProperty());
    }

    /** The page for whatever answers at {@code baseUrl} ("" when there is none yet). */
    public EndpointTestViewModel(BackgroundRunner runner, ObservableStringValue baseUrl,
            ObservableBooleanValue practice) {
        this.runner = runner;
        address.bind(baseUrl);
        note.bind(Bindings.createStringBinding(() -> {
            if (practice.get()) {
                return "Practice mode: the emulator records the load balancer and the service but runs no containers,"
                        + " so nothing answers at this address. Against AWS the same buttons reach the model server.";
            }
            return address.get().isEmpty() ? "Create the load balancer first (Load balancer page)." : "";
        }, practice, address));
        canTest.bind(address.isNotEmpty().and(busy.not()));
    }

    private static String portSuffix(LabSession session) {
        try {
            int port = session.form().build().listenerPort();
            return port == 80 ? "" : ":" + port;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** GET /health, in the background. */
    public void health() {
        send(HttpRequest.newBuilder(URI.create(address.get() + "/health")).timeout(Duration.ofSeconds(10)).GET()
                .build(), healthResult);
    }

    /** POST /predict with the text, in the background. */
    public void predict() {
        String json = "{\"text\": \"" + text.get().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        send(HttpRequest.newBuilder(URI.create(address.get() + "/predict")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                predictResult);
    }

    private void send(HttpRequest request, ReadOnlyStringWrapper result) {
        if (!canTest.get()) {
            return;
        }
        busy.set(true);
        result.set("Sending " + request.method() + " " + request.uri() + "...");
        runner.run(() -> {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), (System.nanoTime() - start) / 1_000_000);
        }, answer -> {
            busy.set(false);
            lastAnswer.set(answer);
            result.set(answer.toString());
        }, failure -> {
            busy.set(false);
            result.set("No answer: " + (failure.getMessage() == null ? failure.getClass().getSimpleName()
                    : failure.getMessage()));
        });
    }

    public ReadOnlyObjectProperty<Answer> lastAnswerProperty() {
        return lastAnswer.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyStringProperty healthResultProperty() {
        return healthResult.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty predictResultProperty() {
        return predictResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canTestProperty() {
        return canTest.getReadOnlyProperty();
    }
}
