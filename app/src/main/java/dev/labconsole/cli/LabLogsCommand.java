package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabLogs;
import dev.labconsole.lab.LogLine;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code logs}: the service's CloudWatch logs, the recent ones or followed live. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Print the model server's logs from CloudWatch (/ecs/<lab>).",
            "Examples:",
            "  labconsole logs --since 1h --filter ERROR",
            "  labconsole logs --follow"
        })
final class LabLogsCommand extends LabCommand {

    private static final Pattern SINCE = Pattern.compile("(\\d{1,6})([smhd])");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Option(names = "--follow", description = "Keep printing new lines as they arrive, until Ctrl+C.")
    boolean follow;

    @Option(names = "--since", paramLabel = "AGE", defaultValue = "10m",
            description = "How far back to start: a number and s, m, h or d (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--filter", paramLabel = "TEXT", description = "Only lines containing TEXT.")
    String filter;

    @Override
    void checkOptions(List<String> problems) {
        if (parseSince(since) == null) {
            problems.add("--since '" + since + "': use a number and s, m, h or d, e.g. 10m, 2h or 1d");
        }
    }

    /** "10m" as a duration, or null when it is not one. */
    static Duration parseSince(String text) {
        Matcher matcher = text == null ? null : SINCE.matcher(text.trim());
        if (matcher == null || !matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    @Override
    int run(LabEngine engine) {
        LabLogs logs = new LabLogs(engine);
        Duration age = parseSince(since);
        if (!follow) {
            List<LogLine> lines = logs.recent(age, filter);
            print(lines);
            if (lines.isEmpty() && !options.json) {
                err.println("no log lines in " + logs.logGroup() + " in the last " + since
                        + (filter == null ? "" : " containing '" + filter + "'"));
            }
            return ExitCode.OK;
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread hook = new Thread(() -> stop.set(true), "labconsole-logs-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            err.println("following " + logs.logGroup() + " (Ctrl+C to stop)");
            err.flush();
            logs.follow(age, filter, this::print, stop::get);
        } catch (RuntimeException e) {
            // A call cut short because the user stopped (Ctrl+C, or the caller interrupted) is the normal end.
            if (!stop.get() && !Thread.currentThread().isInterrupted()) {
                throw e;
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already stopping (Ctrl+C): nothing to remove.
            }
        }
        return ExitCode.OK;
    }

    private void print(List<LogLine> lines) {
        synchronized (out) {
            for (LogLine line : lines) {
                if (options.json) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("timestamp", line.timestamp().toString());
                    row.put("stream", line.stream());
                    row.put("message", line.message());
                    row.put("eventId", line.eventId());
                    out.println(LabFormat.jsonLine(row));
                } else {
                    out.println(TIME.format(line.timestamp()) + "  " + line.stream() + "  " + line.message());
                }
            }
            out.flush();
        }
    }
}
