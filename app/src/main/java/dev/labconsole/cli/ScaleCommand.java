package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.scale.ServiceScaling;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scale}: the service's autoscaling (beyond the lab): show it, set it up, or remove it. */
@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Let the ECS service's task count follow its traffic (Application Auto Scaling, target tracking), show"
                    + " what is set up, or remove it. Teardown removes it too.",
            "Examples:",
            "  labconsole scale --min 2 --max 4 --on requests --target 500",
            "  labconsole scale --off"
        })
final class ScaleCommand extends LabCommand {

    @Option(names = "--min", paramLabel = "TASKS", description = "The fewest tasks (1-10).")
    Integer min;

    @Option(names = "--max", paramLabel = "TASKS", description = "The most tasks (1-10); the cost at most is shown.")
    Integer max;

    @Option(names = "--on", paramLabel = "METRIC", defaultValue = "requests",
            description = "requests (per task per minute, through the load balancer) or cpu (average %%).")
    String metric;

    @Option(names = "--target", paramLabel = "N", description = "The value to hold the metric at (default: 500"
            + " requests per task per minute, or 60 %% CPU).")
    Double target;

    @Option(names = "--off", description = "Remove the autoscaling; the service keeps its current task count.")
    boolean off;

    private ServiceScaling.Request request;

    @Override
    void checkOptions(List<String> problems) {
        boolean setting = min != null || max != null || target != null;
        if (off && setting) {
            problems.add("--off takes no --min, --max or --target");
        } else if (setting) {
            if (min == null || max == null) {
                problems.add("give both --min and --max");
                return;
            }
            double value = target != null ? target : "cpu".equalsIgnoreCase(metric) ? 60 : 500;
            ServiceScaling.Parsed parsed = ServiceScaling.parse(min, max, metric, value);
            problems.addAll(parsed.problems());
            request = parsed.request();
        }
    }

    @Override
    int run(LabEngine engine) {
        engine.identify();
        ServiceScaling scaling = engine.scaling();
        ServiceScaling.Service service = engine.scaledService();
        if (off) {
            out.println(scaling.remove(service) ? "Autoscaling removed; the service keeps its current task count."
                    : "The service had no autoscaling; nothing changed.");
            return ExitCode.OK;
        }
        Optional<ServiceScaling.Status> status = request != null ? Optional.of(scaling.apply(service, request))
                : scaling.read(service);
        out.println(status.map(s -> "Autoscaling: " + s.minTasks() + " to " + s.maxTasks() + " tasks, holding "
                + s.metric().words() + " at " + (long) s.target() + "; at " + s.maxTasks() + " tasks the service costs "
                + LabFormat.usd(s.maxHourlyUsd()) + "/h.")
                .orElse("No autoscaling: the service runs a fixed number of tasks. Set it up with"
                        + " 'labconsole scale --min 2 --max 4 --on requests --target 500'."));
        return ExitCode.OK;
    }
}
