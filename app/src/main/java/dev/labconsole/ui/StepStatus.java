package dev.labconsole.ui;

import dev.labconsole.lab.LabEvent;

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
            // The engine reports a deletion as "<title> deleted": the resource is gone, not done.
            case DONE -> event.message() != null && event.message().endsWith(" deleted") ? PENDING : DONE;
            case FAILED -> FAILED;
            case SKIPPED -> PENDING;
            default -> this;
        };
    }

    /** The status the state file recorded ("DONE", "FAILED", "RUNNING", "DESTROYED"). */
    public static StepStatus fromRecord(String recorded) {
        return switch (recorded == null ? "" : recorded) {
            case "DONE" -> DONE;
            case "FAILED" -> FAILED;
            default -> PENDING;
        };
    }
}
