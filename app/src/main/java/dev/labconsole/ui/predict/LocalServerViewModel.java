package dev.labconsole.ui.predict;

import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.runtime.server.InferenceServer;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Serve locally" (lab section 2.3: run the app on port 8000): the model loaded on the Predict page served by
 * the same server the container runs, on {@code http://127.0.0.1:<port>}, inside the window's process, with
 * the requests it answered counted live. A taken port is named with the process that holds it, when the
 * system says, and a free one is offered.
 */
public final class LocalServerViewModel implements AutoCloseable {

    /** The lab's port. */
    public static final int LAB_PORT = 8000;

    private final BackgroundRunner runner;
    private final Supplier<TextClassifier> model;
    private final StringProperty port = new SimpleStringProperty(String.valueOf(LAB_PORT));
    private final ReadOnlyBooleanWrapper serving = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper starting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper answered = new ReadOnlyLongWrapper(0);
    private volatile InferenceServer server;

    public LocalServerViewModel(BackgroundRunner runner, Supplier<TextClassifier> model) {
        this.runner = runner;
        this.model = model;
    }

    /** Starts serving the loaded model on the chosen port, in the background. */
    public void start() {
        if (serving.get() || starting.get()) {
            return;
        }
        int chosen;
        try {
            chosen = Integer.parseInt(port.get().strip());
        } catch (NumberFormatException e) {
            status.set("The port must be a number between 1024 and 65535, like " + LAB_PORT + ".");
            return;
        }
        if (chosen < 1024 || chosen > 65535) {
            status.set("The port must be between 1024 and 65535 (lower ones need administrator rights), not "
                    + chosen + ".");
            return;
        }
        TextClassifier loaded = model.get();
        if (loaded == null) {
            status.set("Load a model first (above): the server serves the model this page has loaded.");
            return;
        }
        starting.set(true);
        status.set("Starting on port " + chosen + "...");
        runner.run(() -> {
            Optional<String> taken = taken(chosen);
            if (taken.isPresent()) {
                throw new PortTaken(chosen, taken.get(), freePortAfter(chosen));
            }
            InferenceServer started = InferenceServer.start("127.0.0.1", chosen);
            started.modelReady(loaded);
            return started;
        }, started -> {
            starting.set(false);
            server = started;
            serving.set(true);
            answered.set(0);
            address.set("http://127.0.0.1:" + started.port());
            status.set("Serving " + loaded.spec().name() + " " + loaded.spec().version() + " at " + address.get()
                    + ": POST /predict, GET /health; the API is described at /docs.");
        }, failure -> {
            starting.set(false);
            if (failure instanceof PortTaken taken) {
                port.set(String.valueOf(taken.free));
                status.set("Port " + taken.port + " is taken by " + taken.holder + ". Port " + taken.free
                        + " is free and now chosen: press Serve again, or stop the other program.");
            } else {
                status.set("Could not start the server: " + FailureText.of(failure));
            }
        });
    }

    /** Reads the server's count of answered requests (the page calls it every second while serving). */
    public void poll() {
        InferenceServer running = server;
        if (running != null) {
            answered.set(running.requestsAnswered());
        }
    }

    /** Stops serving: requests in flight finish (at most 2 s), then the port is free. */
    public void stop() {
        InferenceServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        serving.set(false);
        status.set("Stopping...");
        runner.run(() -> {
            running.close(Duration.ofSeconds(2));
            return running.requestsAnswered();
        }, total -> {
            answered.set(total);
            address.set("");
            status.set("Stopped after " + total + (total == 1 ? " request" : " requests") + "; the port is free.");
        }, failure -> status.set("Stopping failed: " + FailureText.of(failure)));
    }

    /** The model this server answers with is going away (another one is loading): stop first. */
    public void modelChanging() {
        if (serving.get()) {
            stop();
            status.set("Stopped: another model is loading. Serve again to serve it.");
        }
    }

    @Override
    public void close() {
        InferenceServer running = server;
        server = null;
        if (running != null) {
            running.close(Duration.ofSeconds(1));
        }
    }

    /** Who holds {@code port} on loopback; empty when it is free. */
    static Optional<String> taken(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(holder(port).orElse("another program"));
        }
    }

    private static final Pattern SS_USER = Pattern.compile("users:\\(\\(\"([^\"]+)\",pid=(\\d+)");

    /** The process listening on {@code port}, as Linux's {@code ss} names it; empty elsewhere or when it cannot say. */
    static Optional<String> holder(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-ltnpH", "sport = :" + port).redirectErrorStream(true).start();
            String output = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!ss.waitFor(2, TimeUnit.SECONDS)) {
                ss.destroyForcibly();
                return Optional.empty();
            }
            Matcher m = SS_USER.matcher(output);
            return m.find() ? Optional.of(m.group(1) + " (process " + m.group(2) + ")") : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no ss here (macOS, Windows): "another program"
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static int freePortAfter(int port) {
        for (int candidate = port + 1; candidate < Math.min(65535, port + 100); candidate++) {
            if (taken(candidate).isEmpty()) {
                return candidate;
            }
        }
        try (ServerSocket any = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return any.getLocalPort();
        } catch (IOException e) {
            return port + 1;
        }
    }

    /** The port is held by another process. */
    private static final class PortTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int port;
        final String holder;
        final int free;

        PortTaken(int port, String holder, int free) {
            super("port " + port + " is taken by " + holder);
            this.port = port;
            this.holder = holder;
            this.free = free;
        }
    }

    public StringProperty portProperty() {
        return port;
    }

    public ReadOnlyBooleanProperty servingProperty() {
        return serving.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty startingProperty() {
        return starting.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty answeredProperty() {
        return answered.getReadOnlyProperty();
    }
}
