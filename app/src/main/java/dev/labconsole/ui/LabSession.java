package dev.labconsole.ui;

import dev.labconsole.lab.Connection;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabListener;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.LabRun;
import dev.labconsole.lab.Phase;
import dev.labconsole.lab.RunResult;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import dev.labconsole.lab.FoundLab;
import dev.labconsole.lab.scale.ServiceScaling;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The window's connection to one lab: the engine, the settings every page edits, what the engine
 * reports (batched onto the UI thread, one hand-over per burst of events) and the lab's cost. Pages
 * share one session.
 */
public final class LabSession implements AutoCloseable {

    /** Opens engines; tests give one with a temporary state folder. */
    @FunctionalInterface
    public interface EngineFactory {
        LabEngine connect(LabConfig config, Connection connection, LabListener listener);

        /** Engines saving state under {@code LABCONSOLE_HOME} or {@code ~/.labconsole}. */
        static EngineFactory standard() {
            return (config, connection, listener) -> LabEngine.connect(config, connection,
                    LabStateStore.fromEnvironment(), listener);
        }
    }

    /**
     * What the engine knows, for the diagram and the pages: recorded ids and each step's status.
     *
     * @param ids the state's resource ids
     * @param statuses each step's status
     * @param destroyed whether the state records a step as destroyed (a destroy ran since it was built)
     * @param found what the last check found (a lab built by hand: its CIDRs, names, rules), or null
     * @param scaling the service's autoscaling as last read, or null when it has none
     */
    public record Snapshot(Map<ResourceKey, String> ids, Map<StepId, StepStatus> statuses, boolean destroyed,
            FoundLab found, ServiceScaling.Status scaling) {
        public Snapshot {
            ids = Map.copyOf(ids);
            statuses = Map.copyOf(statuses);
        }

        public Snapshot(Map<ResourceKey, String> ids, Map<StepId, StepStatus> statuses) {
            this(ids, statuses, false, null, null);
        }

        public Snapshot(Map<ResourceKey, String> ids, Map<StepId, StepStatus> statuses, boolean destroyed) {
            this(ids, statuses, destroyed, null, null);
        }

        public StepStatus status(StepId step) {
            return statuses.getOrDefault(step, StepStatus.PENDING);
        }
    }

    private final BackgroundRunner runner;
    private final EngineFactory factory;
    private final ConfigForm form = new ConfigForm(LabConfig.defaults());
    private final List<Consumer<List<LabEvent>>> eventSinks = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<LabEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Map<StepId, StepStatus> statuses = new EnumMap<>(StepId.class);

    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper practice = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper practiceRegistry = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper account = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper region = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper hourlyUsd = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyDoubleWrapper accruedUsd = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyObjectWrapper<List<LabResource>> inventory = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<Snapshot> snapshot =
            new ReadOnlyObjectWrapper<>(new Snapshot(Map.of(), Map.of()));
    private final ReadOnlyStringWrapper costProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Phase> runPhase = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper runInProgress = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper stopping = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper runsEnded = new ReadOnlyIntegerWrapper(0);
    private volatile LabRun currentRun;

    private volatile Connection connection;
    private volatile LabEngine engine;
    // What the last check found (a lab built by hand is in no state file): drawn where the state has no id.
    private volatile FoundLab found;
    // The service's autoscaling as last read with the cost (null: none), for the diagram's tasks.
    private volatile ServiceScaling.Status scaling;

    public LabSession(BackgroundRunner runner, EngineFactory factory) {
        this.runner = runner;
        this.factory = factory;
    }

    public ConfigForm form() {
        return form;
    }

    public BackgroundRunner runner() {
        return runner;
    }

    /**
     * Starts an apply or destroy of {@code targets} (empty: the whole lab) in the background; call on the UI
     * thread. Refused (false) while a run is in progress: pages bind their buttons to
     * {@link #runInProgressProperty()}. When the run ends, the statuses are read again from the state,
     * {@link #runsEndedProperty()} counts it (pages clear what it made stale), then {@code done} or
     * {@code failed} hears of it, on the UI thread.
     */
    public boolean start(Phase phase, java.util.Set<StepId> targets, boolean includeAdopted,
            Consumer<RunResult> done, Consumer<Throwable> failed) {
        if (runInProgress.get()) {
            return false;
        }
        runInProgress.set(true);
        runPhase.set(phase);
        stopping.set(false);
        runner.run(() -> withEngine(engine -> {
            LabRun run = engine.start(phase, targets, includeAdopted);
            currentRun = run;
            return run.await();
        }), result -> {
            runEnded();
            done.accept(result);
        }, failure -> {
            runEnded();
            failed.accept(failure);
        });
        return true;
    }

    private void runEnded() {
        currentRun = null;
        runInProgress.set(false);
        runPhase.set(null);
        stopping.set(false);
        refreshSnapshot(true);
        runsEnded.set(runsEnded.get() + 1);
        refreshCost();
    }

    /** Stops the run in progress (see {@link LabRun#cancel()}); its pages hear of the end as usual. */
    public void stop() {
        LabRun run = currentRun;
        if (run != null) {
            stopping.set(true);
            run.cancel();
        }
    }

    /** Whether an apply or destroy is running: Create, Destroy and Build are off meanwhile. */
    public ReadOnlyBooleanProperty runInProgressProperty() {
        return runInProgress.getReadOnlyProperty();
    }

    /** The phase of the run in progress, or null. */
    public ReadOnlyObjectProperty<Phase> runPhaseProperty() {
        return runPhase.getReadOnlyProperty();
    }

    /** Whether Stop was asked for and the run has not ended yet. */
    public ReadOnlyBooleanProperty stoppingProperty() {
        return stopping.getReadOnlyProperty();
    }

    /** Counts the runs that ended; pages listen to it to drop what a run made stale. */
    public ReadOnlyIntegerProperty runsEndedProperty() {
        return runsEnded.getReadOnlyProperty();
    }

    /** Receives the engine's events on the UI thread, in bursts. */
    public void onEvents(Consumer<List<LabEvent>> sink) {
        eventSinks.add(sink);
    }

    /**
     * Connects with {@code newConnection} and the form's settings, replacing any engine. Blocks:
     * call it in the background.
     */
    public LabEngine connect(Connection newConnection) {
        LabConfig config = form.build();
        synchronized (this) {
            closeEngine();
            found = null;
            scaling = null;
            connection = newConnection;
            engine = factory.connect(config, newConnection, this::publish);
            engineOpened();
            return engine;
        }
    }

    /**
     * The engine for the form's current settings, reopened when they changed since it was opened.
     * Blocks: call it in the background.
     */
    public synchronized LabEngine engine() {
        if (engine == null || connection == null) {
            throw new IllegalStateException("Connect first (the Connect page).");
        }
        LabConfig config = form.build();
        if (!engine.context().config().equals(config)) {
            if (running.get() > 0) {
                // Reopening closes the engine, which would cancel the run in progress.
                throw new IllegalStateException("A run is still going: wait for it to end before using new settings.");
            }
            closeEngine();
            engine = factory.connect(config, connection, this::publish);
            engineOpened();
        }
        return engine;
    }

    /**
     * Runs {@code work} with the engine for the current settings; while it runs the engine is not
     * reopened under it. Blocks: call it in the background.
     */
    public <T> T withEngine(java.util.function.Function<LabEngine, T> work) {
        LabEngine current;
        synchronized (this) {
            current = engine();
            running.incrementAndGet();
        }
        try {
            return work.apply(current);
        } finally {
            running.decrementAndGet();
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();

    // Called with the lock held, on a worker thread: pages that hold on to the engine's clients (the
    // log follow) hear of the new one on the UI thread.
    private void engineOpened() {
        int generation = ++engineGenerationCount;
        runner.onUiThread(() -> engineGeneration.set(generation));
    }

    private int engineGenerationCount;
    private final ReadOnlyIntegerWrapper engineGeneration = new ReadOnlyIntegerWrapper(0);

    /**
     * Counts the engines opened: it changes when a connection or new settings replace the engine (and
     * close the old one's AWS clients).
     */
    public ReadOnlyIntegerProperty engineGenerationProperty() {
        return engineGeneration.getReadOnlyProperty();
    }

    /** The engine as it is, or null before connecting; does not reopen. */
    public LabEngine currentEngine() {
        return engine;
    }

    /** Marks the session connected; call on the UI thread after {@link #connect} succeeded. */
    public void connected(String accountId, String regionName, boolean emulated) {
        account.set(accountId);
        region.set(regionName);
        practice.set(emulated);
        LabEngine current = engine;
        practiceRegistry.set(emulated && current != null && current.context().images().practiceRegistry() != null);
        connected.set(true);
        refreshSnapshot(true);
        connections.set(connections.get() + 1);
        refreshCost();
    }

    private final ReadOnlyIntegerWrapper connections = new ReadOnlyIntegerWrapper(0);

    /**
     * Counts the connections made, each once its state is read: a page that shows the state's step statuses
     * reads them again then (connecting again, to another region or account, keeps "connected" true).
     */
    public ReadOnlyIntegerProperty connectionsProperty() {
        return connections.getReadOnlyProperty();
    }

    /** Takes the engine's listing, cost and autoscaling again, in the background; call on the UI thread. */
    public void refreshCost() {
        LabEngine current = engine;
        if (current == null) {
            return;
        }
        int reading = ++costReadings;
        runner.run(() -> {
            List<LabResource> listed = current.inventory();
            return new CostReading(listed, current.cost(listed), readScaling(current));
        }, result -> {
            if (reading != costReadings) {
                // A later reading is under way (the Scale page set up autoscaling meanwhile): this one is older.
                return;
            }
            inventory.set(List.copyOf(result.inventory()));
            LabEngine.Cost cost = result.cost();
            scaling = result.scaling().orElse(null);
            hourlyUsd.set(cost.hourlyUsd());
            accruedUsd.set(cost.accruedUsd());
            costProblem.set("");
            refreshSnapshot(false);
        }, failure -> {
            if (reading == costReadings) {
                costProblem.set(failure.getMessage());
            }
        });
    }

    // Counts the cost readings started (on the UI thread), so that only the latest one is shown.
    private int costReadings;

    private record CostReading(List<LabResource> inventory, LabEngine.Cost cost,
            java.util.Optional<ServiceScaling.Status> scaling) {
    }

    // On a worker thread. Credentials that may not read Application Auto Scaling (some AWS Academy roles) leave
    // the diagram without it rather than the header without its cost.
    private static java.util.Optional<ServiceScaling.Status> readScaling(LabEngine engine) {
        try {
            return engine.scaling().read(engine.scaledService());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LabSession.class).debug("cannot read the service's autoscaling", e);
            return java.util.Optional.empty();
        }
    }

    // Called on the engine's worker threads: queue, and hand over once per burst.
    private void publish(LabEvent event) {
        pending.add(event);
        if (flushScheduled.compareAndSet(false, true)) {
            runner.onUiThread(this::flush);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        List<LabEvent> batch = new ArrayList<>();
        for (LabEvent e = pending.poll(); e != null; e = pending.poll()) {
            batch.add(e);
        }
        if (batch.isEmpty()) {
            return;
        }
        for (LabEvent e : batch) {
            if (e.step() != null) {
                statuses.put(e.step(), statuses.getOrDefault(e.step(), StepStatus.PENDING).after(e));
            }
        }
        refreshSnapshot(false);
        for (Consumer<List<LabEvent>> sink : eventSinks) {
            sink.accept(batch);
        }
    }

    /** Re-reads the state's ids (in memory, cheap); with {@code fromRecords} the statuses too. */
    public void refreshSnapshot(boolean fromRecords) {
        LabEngine current = engine;
        if (current == null) {
            return;
        }
        if (fromRecords) {
            statuses.clear();
            current.state().steps().forEach((step, rec) -> statuses.put(step, StepStatus.fromRecord(rec.state())));
        }
        Map<ResourceKey, String> ids = new java.util.EnumMap<>(ResourceKey.class);
        FoundLab lastFound = found;
        if (lastFound != null) {
            ids.putAll(lastFound.ids());
        }
        // The state's ids win: what Lab Console built is what it records.
        ids.putAll(current.state().ids());
        boolean destroyed = current.state().steps().values().stream()
                .anyMatch(rec -> rec.state() == dev.labconsole.lab.StepRecord.Status.DESTROYED);
        snapshot.set(new Snapshot(ids, statuses, destroyed, lastFound, scaling));
    }

    /**
     * What a check found (null: forget it): the diagram draws its CIDRs, names and rules, the endpoint test
     * uses its load balancer. Call on the FX thread.
     */
    public void found(FoundLab lab) {
        found = lab;
        refreshSnapshot(false);
    }

    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty practiceProperty() {
        return practice.getReadOnlyProperty();
    }

    /** Whether practice mode has a local registry standing in for ECR (so the image can be pushed). */
    public ReadOnlyBooleanProperty practiceRegistryProperty() {
        return practiceRegistry.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty accountProperty() {
        return account.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty regionProperty() {
        return region.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty hourlyUsdProperty() {
        return hourlyUsd.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty accruedUsdProperty() {
        return accruedUsd.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<LabResource>> inventoryProperty() {
        return inventory.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Snapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty costProblemProperty() {
        return costProblem.getReadOnlyProperty();
    }

    private void closeEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    @Override
    public synchronized void close() {
        closeEngine();
    }
}
