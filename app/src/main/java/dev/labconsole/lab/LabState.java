package dev.labconsole.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one lab has built: the id of each resource and each step's times. Shared by the steps that run
 * in parallel, so every method is synchronized; {@link LabStateStore} writes it after every change.
 * Holds no credentials by construction: only {@link ResourceKey} values and step records.
 */
public final class LabState {

    private final String lab;
    private final EnumMap<ResourceKey, String> ids = new EnumMap<>(ResourceKey.class);
    private final EnumMap<StepId, StepRecord> steps = new EnumMap<>(StepId.class);
    private Runnable onChange = () -> { };

    public LabState(String lab) {
        this.lab = lab;
    }

    public String lab() {
        return lab;
    }

    /** Called after every change (the store saves the file). */
    public synchronized void onChange(Runnable listener) {
        this.onChange = listener;
    }

    public synchronized Optional<String> get(ResourceKey key) {
        return Optional.ofNullable(ids.get(key));
    }

    /** The id, or an exception naming the step that should have recorded it. */
    public synchronized String require(ResourceKey key, StepId producer) {
        String id = ids.get(key);
        if (id == null) {
            throw new IllegalStateException("no " + key.name().toLowerCase().replace('_', ' ') + " recorded: the step '"
                    + producer.title() + "' has not run");
        }
        return id;
    }

    public void put(ResourceKey key, String id) {
        Runnable listener;
        synchronized (this) {
            if (id == null) {
                ids.remove(key);
            } else {
                ids.put(key, id);
            }
            listener = onChange;
        }
        listener.run();
    }

    public void remove(ResourceKey key) {
        put(key, null);
    }

    public synchronized Map<ResourceKey, String> ids() {
        return Collections.unmodifiableMap(new EnumMap<>(ids));
    }

    public synchronized Optional<StepRecord> step(StepId step) {
        return Optional.ofNullable(steps.get(step));
    }

    public synchronized Map<StepId, StepRecord> steps() {
        return Collections.unmodifiableMap(new EnumMap<>(steps));
    }

    public void record(StepId step, StepRecord record) {
        Runnable listener;
        synchronized (this) {
            steps.put(step, record);
            listener = onChange;
        }
        listener.run();
    }

    /** Whether a step's last run ended DONE. */
    public synchronized boolean done(StepId step) {
        StepRecord r = steps.get(step);
        return r != null && "DONE".equals(r.status());
    }

    /** How long a step's last run took, if it ended. */
    public synchronized Optional<Duration> elapsed(StepId step) {
        StepRecord r = steps.get(step);
        return r == null || r.endedAt() == null ? Optional.empty()
                : Optional.of(Duration.between(r.startedAt(), r.endedAt()));
    }

    /**
     * A copy that belongs to no file: what {@code check} and {@code plan} work on, so that nothing they
     * see is ever written as the lab's.
     */
    public synchronized LabState detachedCopy() {
        LabState copy = new LabState(lab);
        copy.ids.putAll(ids);
        copy.steps.putAll(steps);
        return copy;
    }

    /** Restores a saved state (no change events). */
    synchronized void restore(Map<ResourceKey, String> savedIds, Map<StepId, StepRecord> savedSteps) {
        ids.putAll(savedIds);
        steps.putAll(savedSteps);
    }

    /** When the lab was first created, if known. */
    public synchronized Optional<Instant> createdAt() {
        return Optional.ofNullable(ids.get(ResourceKey.CREATED_AT)).map(Instant::parse);
    }
}
