package dev.labconsole.ui.endpoint;

import dev.labconsole.lab.LabTargets;
import dev.labconsole.lab.LabTargets.TargetHealth;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.ui.LabSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

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

    /** What the endpoint's last test in this window says since the last run ended (the Test page's mark). */
    public enum Verdict {
        /** Not tested since the last run or connection. */
        NOT_TESTED,
        /** /health or /predict answered with a 2xx status. */
        ANSWERED,
        /** No answer, or an error status. */
        FAILED
    }

    private final BackgroundRunner runner;
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>(Verdict.NOT_TESTED);
    // Counts the forgotten answers: a request sent before a run ended must not mark the endpoint after it.
    private int answersForgotten;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final StringProperty text = new SimpleStringProperty("a gripping, beautifully acted film");
    private final ReadOnlyStringWrapper healthResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper predictResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Answer> lastAnswer = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canTest = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canOpenDocs = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<TargetHealth> targets = FXCollections.observableArrayList();
    private final ObservableList<TargetHealth> targetsView = FXCollections.unmodifiableObservableList(targets);
    private final ReadOnlyStringWrapper targetsStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper readingTargets = new ReadOnlyBooleanWrapper(false);
    private final Callable<List<TargetHealth>> targetSource;
    private final ObservableBooleanValue practice;
    private final Consumer<URI> browser;

    /**
     * The page for the session's load balancer (its DNS name from the lab's state); {@code browser}
     * opens an address in the student's web browser.
     */
    public EndpointTestViewModel(LabSession session, Consumer<URI> browser) {
        this(session.runner(), Bindings.createStringBinding(() -> {
            String dns = session.snapshotProperty().get().ids().get(ResourceKey.LOAD_BALANCER_DNS);
            return dns == null ? "" : "http://" + dns + portSuffix(session);
        }, session.snapshotProperty()), session.practiceProperty(),
                () -> session.withEngine(engine -> new LabTargets(engine).health()), browser);
        // A run or a new connection changes what answers: earlier answers would be stale.
        session.runsEndedProperty().addListener((o, was, now) -> forgetAnswers());
        session.engineGenerationProperty().addListener((o, was, now) -> forgetAnswers());
    }

    private void forgetAnswers() {
        answersForgotten++;
        verdict.set(Verdict.NOT_TESTED);
        healthResult.set("");
        predictResult.set("");
        lastAnswer.set(null);
        targets.clear();
        targetsStatus.set("");
    }

    /**
     * The page for whatever answers at {@code baseUrl} ("" when there is none yet), with the targets
     * {@code targetSource} reads (blocking; it runs in the background).
     */
    public EndpointTestViewModel(BackgroundRunner runner, ObservableStringValue baseUrl,
            ObservableBooleanValue practice, Callable<List<TargetHealth>> targetSource, Consumer<URI> browser) {
        this.runner = runner;
        this.practice = practice;
        this.targetSource = targetSource;
        this.browser = browser;
        address.bind(baseUrl);
        note.bind(Bindings.createStringBinding(() -> {
            if (practice.get()) {
                return "Practice mode: the emulator records the load balancer and the service but runs no containers,"
                        + " so nothing answers at this address and this step stays to do. Against AWS the same buttons"
                        + " reach the model server, and its good answer marks the step done.";
            }
            return address.get().isEmpty() ? "Create the load balancer first (Load balancer page)." : "";
        }, practice, address));
        canTest.bind(address.isNotEmpty().and(busy.not()));
        // An emulator's load balancer has a name but no address a browser can reach.
        canOpenDocs.bind(Bindings.createBooleanBinding(() -> !address.get().isEmpty() && !practice.get(),
                address, practice));
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

    /** Reads each target's health in the background: one line per task the load balancer knows. */
    public void readTargets() {
        if (readingTargets.get()) {
            return;
        }
        readingTargets.set(true);
        targetsStatus.set("Asking the load balancer...");
        runner.run(targetSource, found -> {
            readingTargets.set(false);
            targets.setAll(found);
            targetsStatus.set(targetsSummary(found));
        }, failure -> {
            readingTargets.set(false);
            targets.clear();
            targetsStatus.set("Could not read the targets: " + FailureText.of(failure));
        });
    }

    private String targetsSummary(List<TargetHealth> found) {
        if (found.isEmpty()) {
            return practice.get() ? "No targets: the emulator runs no tasks, so none registers with the target group."
                    : "No targets registered yet: the service registers each task once it starts"
                            + " (a minute or two after Create on the Containers page).";
        }
        long healthy = found.stream().filter(TargetHealth::healthy).count();
        String summary = healthy + " of " + found.size() + (found.size() == 1 ? " target" : " targets") + " healthy";
        if (healthy < found.size()) {
            summary += ". An unhealthy target fails GET /health from the load balancer: check the task's logs"
                    + " (Logs page), the health check path and the task security group's port.";
        }
        return summary;
    }

    /** Opens the model server's interactive API page ({@code /docs}) in the web browser. */
    public void openDocs() {
        if (canOpenDocs.get()) {
            browser.accept(URI.create(address.get() + "/docs"));
        }
    }

    private void send(HttpRequest request, ReadOnlyStringWrapper result) {
        if (!canTest.get()) {
            return;
        }
        busy.set(true);
        result.set("Sending " + request.method() + " " + request.uri() + "...");
        int sentAfter = answersForgotten;
        runner.run(() -> {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), (System.nanoTime() - start) / 1_000_000);
        }, answer -> {
            busy.set(false);
            lastAnswer.set(answer);
            result.set(answer.toString());
            if (sentAfter == answersForgotten) {
                verdict.set(answer.status() / 100 == 2 ? Verdict.ANSWERED : Verdict.FAILED);
            }
        }, failure -> {
            busy.set(false);
            result.set("No answer: " + whyNoAnswer(request.uri(), failure));
            if (sentAfter == answersForgotten) {
                verdict.set(Verdict.FAILED);
            }
        });
    }

    /** What a failed request means for the student, rather than the exception's class name. */
    static String whyNoAnswer(URI uri, Throwable failure) {
        // The HTTP client wraps the real reason: a ConnectException around an unresolved name, say.
        if (causedBy(failure, java.nio.channels.UnresolvedAddressException.class, java.net.UnknownHostException.class)) {
            return uri.getHost() + " does not resolve. A new load balancer's name takes a few minutes to appear in"
                    + " DNS.";
        }
        if (causedBy(failure, java.net.http.HttpTimeoutException.class)) {
            return "nothing answered within the time allowed. Tasks may still be starting: check target health"
                    + " below.";
        }
        if (causedBy(failure, java.net.ConnectException.class)) {
            return "nothing accepts connections at " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + ". Check the listener and the load balancer's security group.";
        }
        return FailureText.of(failure);
    }

    @SafeVarargs
    private static boolean causedBy(Throwable failure, Class<? extends Throwable>... kinds) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (Class<? extends Throwable> kind : kinds) {
                if (kind.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the endpoint answered its last test since the last run ended or the connection changed. */
    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
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

    public ObservableList<TargetHealth> targets() {
        return targetsView;
    }

    public ReadOnlyStringProperty targetsStatusProperty() {
        return targetsStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readingTargetsProperty() {
        return readingTargets.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canOpenDocsProperty() {
        return canOpenDocs.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canTestProperty() {
        return canTest.getReadOnlyProperty();
    }
}
