package dev.labconsole.lab;

import java.time.Instant;

/**
 * One CloudWatch log event of the lab's service.
 *
 * @param eventId the event's id (for de-duplication), or a synthetic one where the API has none
 * @param timestamp when it was logged
 * @param stream the log stream (one per task)
 * @param message the line
 */
public record LogLine(String eventId, Instant timestamp, String stream, String message) {
}
