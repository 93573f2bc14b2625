package dev.labconsole.lab;

import dev.labconsole.aws.AwsErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The service's CloudWatch logs ({@code /ecs/<lab>}): the recent ones, or a follow loop that polls
 * {@code FilterLogEvents} at most once per interval, carries the newest timestamp forward and drops
 * events it has already delivered (by event id), so a burst that straddles two polls arrives once.
 */
public final class LabLogs {

    /** Sleeps between polls; a test passes one that does not. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final CloudWatchLogsClient logs;
    private final String logGroup;
    private final boolean emulated;
    private final Clock clock;
    private final Duration interval;
    private final Pause pause;

    /** Follows through the engine's account; Live Tail on AWS, polling against an emulator. */
    public LabLogs(LabEngine engine) {
        this(engine.context().aws().logs(), group(engine), engine.context().emulated(),
                Clock.systemUTC(), Duration.ofSeconds(1), d -> Thread.sleep(d.toMillis()));
        // moto answers StartLiveTail with a one-off snapshot rather than a stream, so an emulator is polled.
        this.liveTail = engine.context().emulated() ? null : new LiveTail(engine.context().aws(), group(engine));
    }

    // The recorded group: a lab built by hand and adopted logs wherever the student's task definition says.
    private static String group(LabEngine engine) {
        return engine.state().get(ResourceKey.LOG_GROUP).orElse("/ecs/" + engine.context().config().lab());
    }

    private LiveTail liveTail;

    LabLogs(CloudWatchLogsClient logs, String logGroup, boolean emulated, Clock clock, Duration interval, Pause pause) {
        this.logs = logs;
        this.logGroup = logGroup;
        this.emulated = emulated;
        this.clock = clock;
        this.interval = interval;
        this.pause = pause;
    }

    public String logGroup() {
        return logGroup;
    }

    /**
     * Practice mode only: writes three lines as the model server would (start-up, a slow start, a missing
     * model) into the lab's log group, so that following can be tried where no container runs.
     *
     * @throws IllegalStateException against AWS, where the service's own tasks write the log
     */
    public void writeSampleLines() {
        if (!emulated) {
            throw new IllegalStateException("Sample lines are for practice mode: on AWS the service's tasks write"
                    + " the log.");
        }
        String stream = "sample/labconsole";
        try {
            logs.createLogStream(b -> b.logGroupName(logGroup).logStreamName(stream));
        } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException e) {
            // Written before: more lines go to the same stream.
        }
        long now = clock.millis();
        logs.putLogEvents(b -> b.logGroupName(logGroup).logStreamName(stream).logEvents(
                software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent.builder().timestamp(now - 2000)
                        .message("INFO sample: loading the model from MODEL_URI").build(),
                software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent.builder().timestamp(now - 1000)
                        .message("WARNING sample: slow start, 40 s to the first /health").build(),
                software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent.builder().timestamp(now)
                        .message("ERROR sample: model not found at MODEL_URI").build()));
    }

    /** The events of the last {@code since} that contain {@code filter} (null or blank: all), oldest first. */
    public List<LogLine> recent(Duration since, String filter) {
        return fetch(clock.instant().minus(since).toEpochMilli(), filter);
    }

    /**
     * Delivers the events of the last {@code since}, then new ones as they arrive, to {@code sink} in
     * batches, until {@code stop} says so or the thread is interrupted. Blocks: run it on a worker.
     */
    public void follow(Duration since, String filter, Consumer<List<LogLine>> sink, BooleanSupplier stop) {
        if (liveTail != null) {
            List<LogLine> recent = recent(since, filter);
            if (!recent.isEmpty()) {
                sink.accept(recent);
            }
            if (liveTail.tail(filter, sink, stop)) {
                return;
            }
        }
        poll(since, filter, sink, stop);
    }

    /** Follows by polling {@code FilterLogEvents}: where Live Tail is not to be had. */
    void poll(Duration since, String filter, Consumer<List<LogLine>> sink, BooleanSupplier stop) {
        long cursor = clock.instant().minus(since).toEpochMilli();
        Set<String> seenAtCursor = new HashSet<>();
        while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            List<LogLine> fresh = new ArrayList<>();
            for (LogLine line : fetch(cursor, filter)) {
                long at = line.timestamp().toEpochMilli();
                if (at < cursor || (at == cursor && seenAtCursor.contains(line.eventId()))) {
                    continue;
                }
                if (at > cursor) {
                    cursor = at;
                    seenAtCursor.clear();
                }
                seenAtCursor.add(line.eventId());
                fresh.add(line);
            }
            if (!fresh.isEmpty()) {
                sink.accept(List.copyOf(fresh));
            }
            try {
                pause.pause(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<LogLine> fetch(long startMillis, String filter) {
        String needle = filter == null || filter.isBlank() ? null : filter.toLowerCase(Locale.ROOT);
        List<LogLine> lines = new ArrayList<>();
        FilterLogEventsRequest.Builder request = FilterLogEventsRequest.builder().logGroupName(logGroup)
                .startTime(startMillis);
        if (needle != null && !emulated) {
            // A quoted term matches the exact phrase in CloudWatch's filter syntax.
            request.filterPattern("\"" + filter.replace("\"", "") + "\"");
        }
        try {
            for (FilterLogEventsResponse page : logs.filterLogEventsPaginator(request.build())) {
                for (FilteredLogEvent event : page.events()) {
                    if (needle != null && (event.message() == null
                            || !event.message().toLowerCase(Locale.ROOT).contains(needle))) {
                        continue;
                    }
                    String id = event.eventId() != null ? event.eventId()
                            : event.logStreamName() + "/" + event.timestamp() + "/" + event.message().hashCode();
                    lines.add(new LogLine(id, Instant.ofEpochMilli(event.timestamp()), event.logStreamName(),
                            event.message()));
                }
            }
        } catch (ResourceNotFoundException e) {
            throw new dev.labconsole.aws.AwsProblem("the log group " + logGroup + " does not exist yet: create the"
                    + " lab's log group (Containers) first", "ResourceNotFoundException", e);
        } catch (RuntimeException e) {
            throw AwsErrors.explain("reading " + logGroup, e);
        }
        lines.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
        return lines;
    }
}
