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
    private final EnumMap<ResourceKey, Origin> origins = new EnumMap<>(ResourceKey.class);
    private Where where;
    private Runnable onChange = () -> { };

    /** Whether the lab made a resource or took over one the student built. */
    public enum Origin {
        /** Made by Lab Console: {@code destroy} deletes it. */
        CREATED,
        /** The student's own, taken into the lab by {@code apply}: deleted only when the student confirms it. */
        ADOPTED
    }

    /**
     * The account, region and endpoint the recorded ids belong to; ids from anywhere else mean nothing.
     *
     * @param endpoint the emulator's URL, or null for AWS itself
     */
    public record Where(String account, String region, String endpoint) {

        /** "account 123456789012, us-east-1, http://127.0.0.1:5000". */
        public String describe() {
            return "account " + account + ", " + region + (endpoint == null ? "" : ", " + endpoint);
        }
    }

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

    /**
     * Records {@code id} for {@code key} (null removes it). A new id is the lab's own creation unless
     * it is the one {@link #adopt adopted} for that key.
     */
    public void put(ResourceKey key, String id) {
        Runnable listener;
        synchronized (this) {
            if (id == null) {
                ids.remove(key);
                origins.remove(key);
            } else {
                boolean sameAdopted = origins.get(key) == Origin.ADOPTED && id.equals(ids.get(key));
                ids.put(key, id);
                if (!sameAdopted) {
                    origins.put(key, Origin.CREATED);
                }
            }
            listener = onChange;
        }
        listener.run();
    }

    /** Records {@code id} as the student's own resource, taken into the lab rather than created. */
    public void adopt(ResourceKey key, String id) {
        Runnable listener;
        synchronized (this) {
            ids.put(key, id);
            origins.put(key, Origin.ADOPTED);
            listener = onChange;
        }
        listener.run();
    }

    /** Whether the lab created or adopted the resource recorded for {@code key}; empty when none is recorded. */
    public synchronized Optional<Origin> origin(ResourceKey key) {
        return ids.containsKey(key) ? Optional.ofNullable(origins.get(key)) : Optional.empty();
    }

    /** The adopted resources' ids, by key. */
    public synchronized Map<ResourceKey, String> adopted() {
        EnumMap<ResourceKey, String> adopted = new EnumMap<>(ResourceKey.class);
        origins.forEach((key, origin) -> {
            if (origin == Origin.ADOPTED && ids.containsKey(key)) {
                adopted.put(key, ids.get(key));
            }
        });
        return Collections.unmodifiableMap(adopted);
    }

    public synchronized Map<ResourceKey, Origin> origins() {
        return Collections.unmodifiableMap(new EnumMap<>(origins));
    }

    /** Where the recorded ids belong, if recorded. */
    public synchronized Optional<Where> where() {
        return Optional.ofNullable(where);
    }

    public void where(Where now) {
        Runnable listener;
        synchronized (this) {
            where = now;
            listener = onChange;
        }
        listener.run();
    }

    /** Forgets every id, origin and step record (a state that belongs to another account or emulator). */
    public void clear() {
        Runnable listener;
        synchronized (this) {
            ids.clear();
            origins.clear();
            steps.clear();
            where = null;
            listener = onChange;
        }
        listener.run();
    }

    /** Takes {@code other}'s ids, origins, step records and where in place of its own (a kept state coming back). */
    public void replaceWith(LabState other) {
        LabState copy = other.detachedCopy();
        Runnable listener;
        synchronized (this) {
            ids.clear();
            origins.clear();
            steps.clear();
            ids.putAll(copy.ids);
            origins.putAll(copy.origins);
            steps.putAll(copy.steps);
            where = copy.where;
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
        copy.origins.putAll(origins);
        copy.where = where;
        return copy;
    }

    /** Restores a saved state (no change events). */
    synchronized void restore(Map<ResourceKey, String> savedIds, Map<StepId, StepRecord> savedSteps,
            Map<ResourceKey, Origin> savedOrigins, Where savedWhere) {
        ids.putAll(savedIds);
        steps.putAll(savedSteps);
        origins.putAll(savedOrigins);
        where = savedWhere;
    }

    /** When the lab was first created, if known. */
    public synchronized Optional<Instant> createdAt() {
        return Optional.ofNullable(ids.get(ResourceKey.CREATED_AT)).map(Instant::parse);
    }
}
