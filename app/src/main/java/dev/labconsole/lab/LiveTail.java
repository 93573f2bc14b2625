package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailResponseHandler;

/**
 * CloudWatch Logs Live Tail: AWS pushes new events over one streaming call instead of being polled.
 * A session lasts at most three hours; when it ends or fails, {@link #tail} says so and the caller
 * falls back to polling.
 */
final class LiveTail implements LabLogs.LiveSource {

    private static final Logger LOG = LoggerFactory.getLogger(LiveTail.class);

    private final AwsClients aws;
    private final String logGroup;

    LiveTail(AwsClients aws, String logGroup) {
        this.aws = aws;
        this.logGroup = logGroup;
    }

    /** Streams new events to {@code sink} until {@code stop}; false when Live Tail could not run. */
    @Override
    public boolean tail(String filter, Consumer<List<LogLine>> sink, BooleanSupplier stop) {
        String arn;
        try {
            List<LogGroup> groups = aws.logs().describeLogGroups(r -> r.logGroupNamePrefix(logGroup)).logGroups();
            LogGroup group = groups.stream().filter(g -> g.logGroupName().equals(logGroup)).findFirst().orElse(null);
            if (group == null) {
                return false;
            }
            arn = group.logGroupArn() != null ? group.logGroupArn() : group.arn().replaceAll(":\\*$", "");
        } catch (RuntimeException e) {
            LOG.debug("no Live Tail for {}", logGroup, e);
            return false;
        }
        StartLiveTailRequest.Builder request = StartLiveTailRequest.builder().logGroupIdentifiers(arn);
        if (filter != null && !filter.isBlank()) {
            request.logEventFilterPattern("\"" + filter.replace("\"", "") + "\"");
        }
        StartLiveTailResponseHandler handler = StartLiveTailResponseHandler.builder()
                .subscriber(StartLiveTailResponseHandler.Visitor.builder()
                        .onSessionUpdate(update -> {
                            List<LogLine> lines = new ArrayList<>();
                            for (LiveTailSessionLogEvent e : update.sessionResults()) {
                                // Live Tail gives no event id: the line is told apart by stream, time and text.
                                lines.add(new LogLine(null, Instant.ofEpochMilli(e.timestamp()), e.logStreamName(),
                                        e.message()));
                            }
                            if (!lines.isEmpty()) {
                                sink.accept(lines);
                            }
                        })
                        .build())
                .build();
        try (CloudWatchLogsAsyncClient client = aws.newLogsAsync()) {
            CompletableFuture<Void> session = client.startLiveTail(request.build(), handler);
            while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                try {
                    session.get(500, TimeUnit.MILLISECONDS);
                    return false; // the session ended (three hours, or AWS closed it): poll from here
                } catch (TimeoutException stillStreaming) {
                    // keep streaming
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.debug("Live Tail of {} failed; polling instead", logGroup, e);
                    return false;
                }
            }
            session.cancel(true);
            return true;
        }
    }
}
