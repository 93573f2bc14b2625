package dev.labconsole.ui.endpoint;

import dev.labconsole.lab.monitor.LoadTest;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Test page's load test: a bounded number of {@code /predict} requests through the load balancer, so the
 * Monitoring page's charts and alarms have something to show. Checked before anything is sent; stoppable.
 */
public final class LoadTestViewModel {

    private final BackgroundRunner runner;
    private final Supplier<String> address;
    private final StringProperty requests = new SimpleStringProperty("500");
    private final StringProperty concurrency = new SimpleStringProperty("8");
    private final StringProperty text = new SimpleStringProperty("a gripping , beautifully acted film");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<LoadTest.Result> result = new ReadOnlyObjectWrapper<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    /** @param address the load balancer's address now (its DNS name), or null/blank before it exists */
    public LoadTestViewModel(BackgroundRunner runner, Supplier<String> address) {
        this.runner = runner;
        this.address = address;
    }

    public void start() {
        if (running.get()) {
            return;
        }
        int count;
        int atOnce;
        try {
            count = Integer.parseInt(requests.get().strip());
            atOnce = Integer.parseInt(concurrency.get().strip());
        } catch (NumberFormatException e) {
            status.set("Requests and requests at once must be whole numbers.");
            return;
        }
        LoadTest.Parsed parsed = LoadTest.of(address.get(), count, atOnce, text.get());
        if (!parsed.ok()) {
            status.set(String.join("; ", parsed.problems()) + ".");
            return;
        }
        LoadTest.Plan plan = parsed.plan();
        stop.set(false);
        running.set(true);
        progress.set(0);
        result.set(null);
        status.set("Sending " + count + " requests, " + atOnce + " at once, to " + plan.predict() + "...");
        runner.run(() -> LoadTest.run(plan, done -> runner.onUiThread(() -> progress.set((double) done / count)),
                stop::get), finished -> {
                    running.set(false);
                    result.set(finished);
                    status.set(describe(finished));
                }, failure -> {
                    running.set(false);
                    status.set("The load test failed: " + FailureText.of(failure));
                });
    }

    /** Stops between requests; what was measured so far is shown. */
    public void stop() {
        stop.set(true);
    }

    static String describe(LoadTest.Result r) {
        double[] ms = r.latencyMillis();
        List<String> statuses = r.statuses().entrySet().stream()
                .map(e -> (e.getKey() == 0 ? "no answer" : "HTTP " + e.getKey()) + ": " + e.getValue()).toList();
        return String.format(Locale.ROOT, "%s%d requests in %.1f s (%.0f/s): %d answered 200, %d failed (%s)."
                + " Latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, slowest %.0f ms. The Monitoring page shows them"
                + " about a minute from now.", r.stopped() ? "Stopped after " : "", r.sent(), r.wall().toMillis() / 1000.0,
                r.requestsPerSecond(), r.succeeded(), r.failed(), String.join(", ", statuses), ms[0], ms[1], ms[2], ms[3]);
    }

    public StringProperty requestsProperty() {
        return requests;
    }

    public StringProperty concurrencyProperty() {
        return concurrency;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last finished test; null while one runs. */
    public ReadOnlyObjectProperty<LoadTest.Result> resultProperty() {
        return result.getReadOnlyProperty();
    }
}
