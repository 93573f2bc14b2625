package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.ServiceDiagnosis;
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
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code status}: what of the lab exists now, what it costs, and each step's recorded times. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "List the lab's resources that exist now with their ids, state and cost, why the ECS service is or is"
                    + " not healthy, and each step's last run.",
            "Example:",
            "  labconsole status --lab sentiment-app"
        })
final class LabStatusCommand extends LabCommand {

    /** ECS events printed; --json has the diagnosis's ten. */
    private static final int SHOWN_EVENTS = 5;

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
        // The service's health is one part of the status: if it cannot be read, the rest is still shown.
        Optional<ServiceDiagnosis.Diagnosis> service = Optional.empty();
        String serviceProblem = null;
        try {
            service = engine.diagnoseService();
        } catch (RuntimeException e) {
            serviceProblem = e.getMessage();
        }
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
            document.put("service", service.map(LabStatusCommand::serviceJson).orElse(null));
            if (serviceProblem != null) {
                document.put("serviceProblem", serviceProblem);
            }
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
        service.ifPresent(this::printService);
        if (serviceProblem != null) {
            out.println();
            out.println("Service health could not be read: " + serviceProblem);
        }
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

    /** The service's tasks, what is wrong with them and what to do, then ECS's newest events. */
    private void printService(ServiceDiagnosis.Diagnosis d) {
        out.println();
        out.println("Service " + d.service() + ": " + d.running() + " of " + d.desired() + " tasks running"
                + (d.rolloutState().isEmpty() ? "" : ", deployment " + d.rolloutState()
                        + (d.rolloutReason().isEmpty() ? "" : " (" + d.rolloutReason() + ")"))
                + (d.failedTasks() > 0 ? ", " + d.failedTasks() + " tasks failed to start" : "") + ".");
        for (ServiceDiagnosis.Finding f : d.findings()) {
            out.println("  " + (f.severity() == ServiceDiagnosis.Severity.ERROR ? "[!!] " : "[? ] ")
                    + (f.at() == null ? "" : TIME.format(f.at()) + " ") + f);
        }
        if (d.findings().isEmpty()) {
            out.println("  Nothing wrong found" + (d.steady() ? "." : " yet."));
        }
        List<ServiceDiagnosis.ServiceEvent> events = d.events().subList(0, Math.min(SHOWN_EVENTS, d.events().size()));
        if (!events.isEmpty()) {
            out.println("ECS events, newest first:");
            for (ServiceDiagnosis.ServiceEvent e : events) {
                out.println("  " + (e.at() == null ? "" : TIME.format(e.at()) + " ") + e.message());
            }
        }
    }

    private static Map<String, Object> serviceJson(ServiceDiagnosis.Diagnosis d) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("name", d.service());
        service.put("desired", d.desired());
        service.put("running", d.running());
        service.put("pending", d.pending());
        service.put("failedTasks", d.failedTasks());
        service.put("deployments", d.deployments());
        service.put("rolloutState", d.rolloutState());
        service.put("rolloutReason", d.rolloutReason());
        service.put("steady", d.steady());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (ServiceDiagnosis.Finding f : d.findings()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("severity", f.severity().name());
            row.put("cause", f.cause().name());
            row.put("title", f.cause().title());
            row.put("evidence", f.evidence());
            row.put("task", f.task());
            row.put("at", f.at());
            row.put("count", f.count());
            row.put("advice", f.advice());
            findings.add(row);
        }
        service.put("findings", findings);
        List<Map<String, Object>> events = new ArrayList<>();
        for (ServiceDiagnosis.ServiceEvent e : d.events()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", e.id());
            row.put("at", e.at());
            row.put("message", e.message());
            events.add(row);
        }
        service.put("events", events);
        return service;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
