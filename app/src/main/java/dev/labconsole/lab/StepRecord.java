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
}
