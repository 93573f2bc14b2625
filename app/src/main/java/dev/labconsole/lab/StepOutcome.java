package dev.labconsole.lab;

import java.time.Duration;

/**
 * How a step ended in one run.
 *
 * @param step the step
 * @param status DONE, FAILED, SKIPPED or STOPPED
 * @param message the failure reason, skip reason, or empty
 * @param elapsed how long it took
 */
public record StepOutcome(StepId step, Status status, String message, Duration elapsed) {

    /** How it ended. */
    public enum Status {
        DONE, FAILED, SKIPPED,
        /** The run was stopped while this step worked: what it made so far stays, recorded. */
        STOPPED
    }

    public boolean ok() {
        return status == Status.DONE;
    }
}
