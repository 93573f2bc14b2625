package dev.labconsole.lab;

import java.time.Duration;
import java.time.Instant;

/**
 * Something the engine did, for whoever listens (the command line prints it, the window draws it).
 *
 * @param step the step it concerns, or null for the whole run
 * @param kind what happened
 * @param message what to show, in the lab's words (for FAILED: the reason and what to do)
 * @param at when
 * @param elapsed for DONE, FAILED and SKIPPED: how long the step took; otherwise zero
 * @param payload what the message says, as data for a listener that draws it (e.g. a finding of
 *     {@link ServiceDiagnosis}), or null when the message is all there is
 * @param phase the run it belongs to (apply or destroy), or null for events outside a run (check, plan)
 */
public record LabEvent(StepId step, Kind kind, String message, Instant at, Duration elapsed, Payload payload,
        Phase phase) {

    /** Typed content an event can carry, so that no listener has to read it out of the message. */
    public sealed interface Payload permits ServiceDiagnosis.ServiceEvent, ServiceDiagnosis.Finding,
            ServiceDiagnosis.Diagnosis {
    }

    public LabEvent(StepId step, Kind kind, String message, Instant at, Duration elapsed, Payload payload) {
        this(step, kind, message, at, elapsed, payload, null);
    }

    public LabEvent(StepId step, Kind kind, String message, Instant at, Duration elapsed) {
        this(step, kind, message, at, elapsed, null, null);
    }

    /** This event as part of a {@code runPhase} run. */
    public LabEvent inPhase(Phase runPhase) {
        return new LabEvent(step, kind, message, at, elapsed, payload, runPhase);
    }

    /** Whether this is a step of a destroy run (a DONE then means the step's resources are gone). */
    public boolean destroying() {
        return phase == Phase.DESTROY;
    }

    /** The kinds of event. */
    public enum Kind {
        /** A step started. */
        STARTED,
        /** A step waits for AWS (e.g. the NAT gateway to become available). */
        WAITING,
        /** A step made progress; message says how far (e.g. bytes uploaded). */
        PROGRESS,
        /** A step finished. */
        DONE,
        /** A step did nothing, with the reason (e.g. a step it needs failed). */
        SKIPPED,
        /** A step failed; message says why and what to do. */
        FAILED,
        /** Something worth knowing that is not an error (e.g. the image is not pushed yet). */
        WARNING,
        /** A resource was created, adopted or deleted; message names it. */
        RESOURCE
    }

    public static LabEvent of(StepId step, Kind kind, String message, Duration elapsed) {
        return new LabEvent(step, kind, message, Instant.now(), elapsed);
    }

    public static LabEvent of(StepId step, Kind kind, String message) {
        return of(step, kind, message, Duration.ZERO);
    }

    /** An event at {@code at} whose message says what {@code payload} holds. */
    public static LabEvent of(StepId step, Kind kind, String message, Instant at, Payload payload) {
        return new LabEvent(step, kind, message, at, Duration.ZERO, payload);
    }
}
