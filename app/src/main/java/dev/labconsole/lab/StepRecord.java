package dev.labconsole.lab;

import java.time.Instant;

/**
 * What the state file remembers of a step's last run.
 *
 * @param status DONE, FAILED, SKIPPED, DESTROYED, or RUNNING (a run that was killed leaves RUNNING behind)
 * @param startedAt when it started
 * @param endedAt when it ended, or null while running
 * @param message the failure reason or a note
 */
public record StepRecord(String status, Instant startedAt, Instant endedAt, String message) {

    /** The recorded status, typed; the file keeps its name. */
    public enum Status {
        RUNNING, DONE, FAILED, SKIPPED, DESTROYED, UNKNOWN;

        /** The status a file recorded; {@link #UNKNOWN} for one this version does not know. */
        public static Status of(String recorded) {
            for (Status s : values()) {
                if (s.name().equals(recorded)) {
                    return s;
                }
            }
            return UNKNOWN;
        }
    }

    public StepRecord(Status status, Instant startedAt, Instant endedAt, String message) {
        this(status.name(), startedAt, endedAt, message);
    }

    /** {@link #status()} as a {@link Status}. */
    public Status state() {
        return Status.of(status);
    }
}
