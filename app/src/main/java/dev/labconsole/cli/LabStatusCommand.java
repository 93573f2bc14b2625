package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.StepId;
import dev.labconsole.lab.StepRecord;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code status}: what of the lab exists now, what it costs, and each step's recorded times. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "List the lab's resources that exist now with their ids, state and cost, and each step's last run.",
            "Example:",
            "  labconsole status --lab sentiment-app"
        })
final class LabStatusCommand extends LabCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Override
    int run(LabEngine engine) {
        // Status shows the state: identified first, so ids from elsewhere or long gone are not shown as the lab's.
        engine.identify();
        String where = where(engine);
        List<LabResource> inventory = engine.inventory();
        LabEngine.Cost cost = engine.cost(inventory);
        Map<StepId, StepRecord> steps = engine.state().steps();
        if (options.json) {
            List<Map<String, Object>> resources = new ArrayList<>();
            for (LabResource resource : inventory) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", resource.step().name());
                row.put("kind", resource.kind());
                row.put("name", resource.name());
                row.put("id", resource.id());
                row.put("state", resource.state());
                row.put("hourlyUsd", resource.hourlyUsd());
                resources.add(row);
            }
            List<Map<String, Object>> records = new ArrayList<>();
            steps.forEach((step, record) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", step.name());
                row.put("title", step.title());
                row.put("status", record.status());
                row.put("startedAt", record.startedAt());
                row.put("endedAt", record.endedAt());
                row.put("elapsedSeconds", record.endedAt() == null || record.startedAt() == null ? null
                        : Duration.between(record.startedAt(), record.endedAt()).toMillis() / 1000.0);
                row.put("message", record.message());
                records.add(row);
            });
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("lab", options.lab);
            document.put("region", engine.context().region());
            document.put("resources", resources);
            document.put("hourlyUsd", cost.hourlyUsd());
            document.put("accruedUsd", cost.accruedUsd());
            document.put("hoursSinceCreation", cost.hours());
            document.put("steps", records);
            out.println(LabFormat.json(document));
            return ExitCode.OK;
        }
        out.println("Lab " + options.lab + " (" + where + "): " + inventory.size()
                + (inventory.size() == 1 ? " resource" : " resources"));
        if (!inventory.isEmpty()) {
            out.println();
            List<List<String>> rows = new ArrayList<>();
            for (LabResource resource : inventory) {
                rows.add(List.of(resource.kind(), blank(resource.name()), blank(resource.id()), blank(resource.state()),
                        resource.hourlyUsd() == 0 ? "-" : LabFormat.usd(resource.hourlyUsd())));
            }
            LabFormat.table(out, List.of("KIND", "NAME", "ID", "STATE", "$/H"), rows);
        }
        out.println();
        out.printf(Locale.ROOT, "Cost: %s per hour now (%s per day)", LabFormat.usd(cost.hourlyUsd()),
                LabFormat.usd(cost.hourlyUsd() * 24));
        if (cost.hours() > 0) {
            out.printf(Locale.ROOT, "; about %s accrued in the %.1f h since the lab was created",
                    LabFormat.usd(cost.accruedUsd()), cost.hours());
        }
        out.println(".");
        if (!steps.isEmpty()) {
            out.println();
            out.println("Steps, as last run:");
            List<List<String>> rows = new ArrayList<>();
            steps.forEach((step, record) -> rows.add(List.of(step.title(), blank(record.status()),
                    record.startedAt() == null ? "-" : TIME.format(record.startedAt()),
                    record.endedAt() == null ? "-" : TIME.format(record.endedAt()),
                    record.endedAt() == null || record.startedAt() == null ? "-"
                            : LabFormat.duration(Duration.between(record.startedAt(), record.endedAt())),
                    blank(record.message()))));
            LabFormat.table(out, List.of("STEP", "STATUS", "STARTED", "ENDED", "TOOK", "NOTE"), rows);
        }
        return ExitCode.OK;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
