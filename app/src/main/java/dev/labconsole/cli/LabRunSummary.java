package dev.labconsole.cli;

import dev.labconsole.lab.RunResult;
import dev.labconsole.lab.StepId;
import dev.labconsole.lab.StepOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end of an apply or destroy: each step's outcome and time, in step order. */
final class LabRunSummary {

    private LabRunSummary() {
    }

    static void print(PrintWriter out, RunResult result, Duration wall) {
        List<List<String>> rows = new ArrayList<>();
        long done = 0;
        for (StepId id : StepId.values()) {
            StepOutcome outcome = result.outcomes().get(id);
            if (outcome == null) {
                continue;
            }
            done += outcome.ok() ? 1 : 0;
            String mark = switch (outcome.status()) {
                case DONE -> "\u2713";
                case FAILED -> "\u2717";
                case SKIPPED -> "-";
                case STOPPED -> "\u25a0";
            };
            rows.add(List.of(mark + " " + id.title(), outcome.status().name().toLowerCase(Locale.ROOT),
                    LabFormat.duration(outcome.elapsed()),
                    outcome.message() == null ? "" : outcome.message()));
        }
        LabFormat.table(out, List.of("STEP", "OUTCOME", "TOOK", "NOTE"), rows);
        out.println();
        out.println(done + " of " + rows.size() + " steps done in " + LabFormat.duration(wall) + ".");
    }

    static List<Map<String, Object>> json(RunResult result) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StepId id : StepId.values()) {
            StepOutcome outcome = result.outcomes().get(id);
            if (outcome == null) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", id.name());
            row.put("title", id.title());
            row.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
            row.put("elapsedSeconds", outcome.elapsed().toMillis() / 1000.0);
            row.put("message", outcome.message());
            rows.add(row);
        }
        return rows;
    }
}
