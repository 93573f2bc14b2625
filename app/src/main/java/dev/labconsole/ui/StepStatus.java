package dev.labconsole.ui;

import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.StepRecord;

/** Where a step stands as the window shows it. */
public enum StepStatus {
    /** Not started in this session and not recorded as done. */
    PENDING,
    /** Running. */
    CREATING,
    /** Running and waiting for AWS (e.g. the NAT gateway). */
    WAITING,
    /** Finished. */
    DONE,
    /** Failed. */
    FAILED;

    /** The status after {@code event}, or this one when the event does not change it. */
    public StepStatus after(LabEvent event) {
        return switch (event.kind()) {
            case STARTED -> CREATING;
            case WAITING -> WAITING;
            // A destroy's step that is done has deleted its resources: the step is to do again.
            case DONE -> event.destroying() ? PENDING : DONE;
            case FAILED -> FAILED;
            // Skipped: it did nothing, so it stands where it stood (a running mark would be stale).
            case SKIPPED -> this == CREATING || this == WAITING ? PENDING : this;
            default -> this;
        };
    }

    /** The status the state file recorded. */
    public static StepStatus fromRecord(StepRecord.Status recorded) {
        return switch (recorded) {
            case DONE -> DONE;
            case FAILED -> FAILED;
            default -> PENDING;
        };
    }
}
