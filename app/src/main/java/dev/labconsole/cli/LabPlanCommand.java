package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.CriticalPath;
import dev.labconsole.lab.PlannedStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code plan}: what apply would do, step by step, with the AWS CLI equivalents and the cost. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Show what 'apply' would create or adopt, the AWS CLI commands that do the same, and the hourly cost.",
            "Reads only: nothing is created.",
            "Example:",
            "  labconsole plan --endpoint http://127.0.0.1:5000"
        })
final class LabPlanCommand extends LabCommand {

    @Override
    int run(LabEngine engine) {
        String where = where(engine);
        List<PlannedStep> plan = engine.plan();
        double hourly = plan.stream().mapToDouble(PlannedStep::hourlyUsd).sum();
        if (options.json) {
            List<Map<String, Object>> steps = new ArrayList<>();
            for (PlannedStep step : plan) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", step.step().name());
                row.put("title", step.step().title());
                row.put("action", step.action().name().toLowerCase(Locale.ROOT));
                row.put("hourlyUsd", step.hourlyUsd());
                row.put("cli", step.cliEquivalent());
                steps.add(row);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("lab", options.lab);
            document.put("region", engine.context().region());
            document.put("steps", steps);
            document.put("hourlyUsd", hourly);
            document.put("dailyUsd", hourly * 24);
            CriticalPath onAws = CriticalPath.of(CriticalPath.typicalOnAws());
            document.put("typicalAwsCriticalPathSeconds", onAws.total().toSeconds());
            document.put("typicalAwsSumOfStepsSeconds", onAws.sum().toSeconds());
            out.println(LabFormat.json(document));
            return ExitCode.OK;
        }
        out.println("Plan for lab " + options.lab + " (" + where + "):");
        out.println();
        List<List<String>> rows = new ArrayList<>();
        for (PlannedStep step : plan) {
            rows.add(List.of(step.step().title(), step.action().name().toLowerCase(Locale.ROOT),
                    step.hourlyUsd() == 0 ? "-" : LabFormat.usd(step.hourlyUsd()) + "/h"));
        }
        LabFormat.table(out, List.of("STEP", "ACTION", "COST"), rows);
        out.println();
        out.println("The same with the AWS CLI:");
        for (PlannedStep step : plan) {
            if (step.cliEquivalent() == null || step.cliEquivalent().isBlank()) {
                continue;
            }
            out.println();
            out.println("# " + step.step().title());
            step.cliEquivalent().lines().forEach(line -> out.println("  " + line));
        }
        out.println();
        out.printf(Locale.ROOT, "Total: about %s per hour, %s per day while the lab exists"
                + " (us-east-1 prices; tear it down with 'labconsole destroy').%n",
                LabFormat.usd(hourly), LabFormat.usd(hourly * 24));
        CriticalPath onAws = CriticalPath.of(CriticalPath.typicalOnAws());
        out.println("On AWS, apply takes about " + LabFormat.duration(onAws.total()) + " along its critical path ("
                + onAws.path().stream().map(s -> s.title()).collect(java.util.stream.Collectors.joining(" > "))
                + "): the NAT gateway and the load balancer come up at the same time; one after another the"
                + " steps would take " + LabFormat.duration(onAws.sum()) + ".");
        return ExitCode.OK;
    }
}
