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
 * The service's CloudWatch logs ({@code /ecs/<lab>}): the recent ones, or a follow loop: Live Tail on
 * AWS, and polling {@code FilterLogEvents} at most once per interval against an emulator or when Live
 * Tail ends. Every line is delivered once across polls and across the switch from Live Tail to polling:
 * lines are told apart by stream, timestamp and content (Live Tail has no event ids), and polling after
 * a switch starts a little before the newest line delivered, not from the start again.
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
    private final java.util.concurrent.atomic.AtomicBoolean stopFollowing = new java.util.concurrent.atomic.AtomicBoolean();
    private LabEngine engine;

    /** How far before the newest delivered line polling looks again: CloudWatch ingests streams with delays. */
    static final Duration OVERLAP = Duration.ofSeconds(60);

    /** Follows through the engine's account; Live Tail on AWS, polling against an emulator. */
    public LabLogs(LabEngine engine) {
        this(engine.context().aws().logs(), group(engine), engine.context().emulated(),
                Clock.systemUTC(), Duration.ofSeconds(1), d -> Thread.sleep(d.toMillis()));
        // moto answers StartLiveTail with a one-off snapshot rather than a stream, so an emulator is polled.
        this.liveTail = engine.context().emulated() ? null : new LiveTail(engine.context().aws(), group(engine));
        this.engine = engine;
        engine.followers().add(this);
    }

    // The recorded group: a lab built by hand and adopted logs wherever the student's task definition says.
    private static String group(LabEngine engine) {
        return engine.state().get(ResourceKey.LOG_GROUP).orElse("/ecs/" + engine.context().config().lab());
    }

    /**
     * Ends every follow loop of this object at its next poll or Live Tail check (the Logs page calls it
     * through the engine when it is hidden: Live Tail bills per minute on AWS).
     */
    public void stopFollowing() {
        stopFollowing.set(true);
    }

    private LiveSource liveTail;

    /** A source that pushes new lines (Live Tail); tests pass their own. */
    @FunctionalInterface
    interface LiveSource {
        /** Streams new lines to {@code sink} until {@code stop}; false when it ended or could not run. */
        boolean tail(String filter, Consumer<List<LogLine>> sink, BooleanSupplier stop);
    }

    /** {@link #LabLogs(CloudWatchLogsClient, String, boolean, Clock, Duration, Pause)} with a live source first. */
    LabLogs(CloudWatchLogsClient logs, String logGroup, LiveSource live, Clock clock, Duration interval, Pause pause) {
        this(logs, logGroup, false, clock, interval, pause);
        this.liveTail = live;
    }

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
        stopFollowing.set(false);
        BooleanSupplier stopped = () -> stop.getAsBoolean() || stopFollowing.get();
        Delivered delivered = new Delivered(clock.instant().minus(since).toEpochMilli());
        Consumer<List<LogLine>> once = batch -> {
            List<LogLine> fresh = delivered.fresh(batch);
            if (!fresh.isEmpty()) {
                sink.accept(fresh);
            }
        };
        if (liveTail != null) {
            once.accept(fetch(delivered.pollFrom(), filter));
            boolean ended;
            if (engine != null) {
                engine.liveTailSessions().incrementAndGet();
            }
            try {
                ended = liveTail.tail(filter, once, stopped);
            } finally {
                if (engine != null) {
                    engine.liveTailSessions().decrementAndGet();
                }
            }
            if (ended) {
                return;
            }
        }
        poll(delivered, filter, once, stopped);
    }

    /**
     * What a follow loop has delivered: lines by stream, timestamp and content, and the newest timestamp.
     * Keys older than {@link #OVERLAP} before the newest are forgotten: polling never looks that far back.
     */
    static final class Delivered {
        private final long start;
        private long newest = Long.MIN_VALUE;
        private final java.util.Map<String, Long> keys = new java.util.HashMap<>();

        Delivered(long startMillis) {
            this.start = startMillis;
        }

        /** Where the next poll starts: the follow's start, or a little before the newest line delivered. */
        synchronized long pollFrom() {
            return newest == Long.MIN_VALUE ? start : Math.max(start, newest - OVERLAP.toMillis());
        }

        /** The lines of {@code batch} not delivered before it, in its order. */
        synchronized List<LogLine> fresh(List<LogLine> batch) {
            Set<String> before = new HashSet<>(keys.keySet());
            List<LogLine> fresh = new ArrayList<>();
            for (LogLine line : batch) {
                long at = line.timestamp().toEpochMilli();
                if (at < start || before.contains(line.key())) {
                    continue;
                }
                keys.put(line.key(), at);
                newest = Math.max(newest, at);
                fresh.add(line);
            }
            long forgetBefore = newest - OVERLAP.toMillis() - 1;
            keys.values().removeIf(t -> t < forgetBefore);
            return fresh;
        }
    }

    /** Follows by polling {@code FilterLogEvents}: where Live Tail is not to be had. */
    void poll(Delivered delivered, String filter, Consumer<List<LogLine>> sink, BooleanSupplier stop) {
        while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            sink.accept(fetch(delivered.pollFrom(), filter));
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
                    lines.add(new LogLine(event.eventId(), Instant.ofEpochMilli(event.timestamp()),
                            event.logStreamName(), event.message()));
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
