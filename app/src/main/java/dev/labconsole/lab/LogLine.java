package dev.labconsole.lab;

import java.time.Instant;

/**
 * One CloudWatch log event of the lab's service.
 *
 * @param eventId CloudWatch's event id, or null where the API gives none (Live Tail)
 * @param timestamp when it was logged
 * @param stream the log stream (one per task)
 * @param message the line
 */
public record LogLine(String eventId, Instant timestamp, String stream, String message) {

    /** What tells this line apart whichever API delivered it: stream, timestamp and text. */
    public String key() {
        return stream + "|" + timestamp.toEpochMilli() + "|" + message;
    }
}
