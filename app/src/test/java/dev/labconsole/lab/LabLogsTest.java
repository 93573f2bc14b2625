package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

@ExtendWith(MotoExtension.class)
class LabLogsTest {

    private static void write(AwsClients aws, String group, String stream, long at, String... messages) {
        List<InputLogEvent> events = new ArrayList<>();
        for (String m : messages) {
            events.add(InputLogEvent.builder().timestamp(at).message(m).build());
        }
        aws.logs().putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    @Test
    void followDeliversEveryEventOnceInOrderAcrossPolls(MotoServer moto) {
        String group = "/ecs/logs-follow";
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            aws.logs().createLogGroup(r -> r.logGroupName(group));
            aws.logs().createLogStream(r -> r.logGroupName(group).logStreamName("ecs/task-1"));
            long now = Instant.now().toEpochMilli();
            write(aws, group, "ecs/task-1", now - 5000, "INFO started", "INFO model loaded");

            List<LogLine> received = new ArrayList<>();
            AtomicInteger polls = new AtomicInteger();
            // Between polls the "service" writes more, including an event at the very millisecond the
            // previous poll ended on: it must arrive, and nothing earlier may arrive twice.
            LabLogs logs = new LabLogs(aws.logs(), group, true, Clock.systemUTC(), Duration.ZERO, d -> {
                int poll = polls.incrementAndGet();
                if (poll == 1) {
                    write(aws, group, "ecs/task-1", now - 5000, "INFO same millisecond");
                    write(aws, group, "ecs/task-1", now - 1000, "ERROR predict failed");
                }
            });
            logs.follow(Duration.ofMinutes(10), null, received::addAll, () -> polls.get() >= 3);

            assertThat(received).extracting(LogLine::message).containsExactly("INFO started", "INFO model loaded",
                    "INFO same millisecond", "ERROR predict failed");
            assertThat(received).extracting(LogLine::eventId).doesNotHaveDuplicates();
        }
    }

    @Test
    void recentFiltersByTextAndAMissingGroupSaysWhatToDo(MotoServer moto) {
        String group = "/ecs/logs-recent";
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            LabLogs missing = new LabLogs(aws.logs(), group, true, Clock.systemUTC(), Duration.ZERO, d -> { });
            assertThatThrownBy(() -> missing.recent(Duration.ofMinutes(5), null)).hasMessageContaining("does not exist yet");

            aws.logs().createLogGroup(r -> r.logGroupName(group));
            aws.logs().createLogStream(r -> r.logGroupName(group).logStreamName("s"));
            long now = Instant.now().toEpochMilli();
            write(aws, group, "s", now - 60_000, "INFO GET /health 200", "WARN slow predict", "INFO GET /health 200");
            write(aws, group, "s", now - 3_600_000, "INFO an hour ago");
            LabLogs logs = new LabLogs(aws.logs(), group, true, Clock.systemUTC(), Duration.ZERO, d -> { });
            assertThat(logs.recent(Duration.ofMinutes(10), "slow")).extracting(LogLine::message)
                    .containsExactly("WARN slow predict");
            assertThat(logs.recent(Duration.ofMinutes(10), null)).hasSize(3);
        }
    }

    @Test
    void switchingFromLiveTailToPollingNeitherRepeatsNorDropsALine(MotoServer moto) {
        String group = "/ecs/logs-switch";
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            aws.logs().createLogGroup(r -> r.logGroupName(group));
            aws.logs().createLogStream(r -> r.logGroupName(group).logStreamName("ecs/task-1"));
            long now = Instant.now().toEpochMilli();
            write(aws, group, "ecs/task-1", now - 600_000, "INFO ten minutes ago");
            write(aws, group, "ecs/task-1", now - 4000, "INFO started");
            List<LogLine> received = new ArrayList<>();
            AtomicInteger polls = new AtomicInteger();
            // Live Tail streams one line (without an event id, as AWS sends it), a line lands that it never
            // streams, then the session ends: polling takes over.
            LabLogs.LiveSource live = (filter, sink, stop) -> {
                sink.accept(List.of(new LogLine(null, Instant.ofEpochMilli(now - 3000), "ecs/task-1", "INFO streamed")));
                write(aws, group, "ecs/task-1", now - 3000, "INFO streamed");
                write(aws, group, "ecs/task-1", now - 2000, "INFO after the session ended");
                return false;
            };
            LabLogs logs = new LabLogs(aws.logs(), group, live, Clock.systemUTC(), Duration.ZERO,
                    d -> polls.incrementAndGet());
            logs.follow(Duration.ofMinutes(1), null, received::addAll, () -> polls.get() >= 2);

            assertThat(received).extracting(LogLine::message).containsExactly("INFO started", "INFO streamed",
                    "INFO after the session ended");
            assertThat(received).filteredOn(l -> l.message().equals("INFO streamed")).extracting(LogLine::eventId)
                    .containsOnlyNulls();
        }
    }

    @Test
    void stopFollowingEndsTheLoopAndLiveTailJoinsTheCost(MotoServer moto) throws Exception {
        String group = "/ecs/logs-stop";
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            aws.logs().createLogGroup(r -> r.logGroupName(group));
            java.util.concurrent.CountDownLatch tailing = new java.util.concurrent.CountDownLatch(1);
            LabLogs.LiveSource live = (filter, sink, stop) -> {
                tailing.countDown();
                while (!stop.getAsBoolean()) {
                    Thread.onSpinWait();
                }
                return true;
            };
            LabLogs logs = new LabLogs(aws.logs(), group, live, Clock.systemUTC(), Duration.ZERO, d -> { });
            Thread follower = new Thread(() -> logs.follow(Duration.ofMinutes(1), null, lines -> { }, () -> false));
            follower.start();
            assertThat(tailing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            logs.stopFollowing();
            follower.join(10_000);
            assertThat(follower.isAlive()).as("the follow loop ended").isFalse();
        }
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
                LabEngine engine = LabEngine.open(LabConfig.named("logs-cost"), aws,
                        new LabStateStore(java.nio.file.Files.createTempDirectory("logs-cost")), e -> { })) {
            double without = engine.cost(List.of()).hourlyUsd();
            engine.liveTailSessions().incrementAndGet();
            assertThat(engine.cost(List.of()).hourlyUsd() - without).isCloseTo(0.60, org.assertj.core.data.Offset.offset(1e-9));
        }
    }
}
