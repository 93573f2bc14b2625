package dev.labconsole.emulator;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * How AWS-like the emulator is: the time scale of AWS's waits, and which transient errors it injects
 * at what rate.
 *
 * @param timeScale how AWS's times are scaled: 1 is real AWS (a NAT gateway takes two minutes), 0.01
 *     makes that 1.2 s, 0 turns the timing off (moto's instant answers)
 * @param faultShare the share (0..1) of requests answered with one of {@code faults}
 * @param faults the transient errors to inject
 * @param seed the random seed, so a failing run can be replayed
 * @param serviceLinkedRoleDelay whether the first CreateCluster fails while ECS "creates its
 *     service-linked role", as in a fresh account
 */
public record EmulatorSettings(double timeScale, double faultShare, Set<Fault> faults, long seed,
        boolean serviceLinkedRoleDelay) {

    /** A transient error the emulator can inject. */
    public enum Fault {
        /** A throttling error, before the request reaches the emulator. */
        THROTTLE,
        /** A 503, before the request reaches the emulator. */
        SERVER_ERROR,
        /** The connection dropped before the request reached the emulator. */
        DROP,
        /** The request reached the emulator and was done, but the reply is lost (connection reset). */
        LOST_REPLY,
        /** {@code Invalid*.NotFound} for an id created a moment ago (eventual consistency). */
        NOT_FOUND_AFTER_CREATE
    }

    public EmulatorSettings {
        if (timeScale < 0 || faultShare < 0 || faultShare > 1) {
            throw new IllegalArgumentException("time scale must be >= 0 and fault share within 0..1");
        }
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
    }

    /** AWS's timing at {@code timeScale}, its start-up error on the first cluster, and no random faults. */
    public static EmulatorSettings realistic(double timeScale) {
        return new EmulatorSettings(timeScale, 0, Set.of(), 0, true);
    }

    /** The emulator as it is: no timing, no faults (a proxy that only forwards, or holds, see AwsLikeProxy#hold). */
    public static EmulatorSettings asIs() {
        return new EmulatorSettings(0, 0, Set.of(), 0, false);
    }

    /** No timing; {@code share} of the requests throttled, answered 503 or dropped before forwarding. */
    public static EmulatorSettings faultsOnly(double share, long seed) {
        return new EmulatorSettings(0, share, EnumSet.of(Fault.THROTTLE, Fault.SERVER_ERROR, Fault.DROP), seed, false);
    }

    /** A copy that injects {@code kinds} into {@code share} of the requests. */
    public EmulatorSettings withFaults(double share, long newSeed, Set<Fault> kinds) {
        return new EmulatorSettings(timeScale, share, kinds, newSeed, serviceLinkedRoleDelay);
    }

    /** {@code awsTime} on this emulator's scale. */
    Duration scaled(Duration awsTime) {
        return Duration.ofNanos((long) (awsTime.toNanos() * timeScale));
    }
}
