package dev.labconsole.lab;

import dev.labconsole.lab.steps.LabSteps;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a student hands in: the lab's recorded resource ids, its key settings, each step's time and
 * CLI equivalent, the last check's requirements, the endpoint test's results and screenshots, as
 * Markdown and as HTML. Every value is escaped, because names and messages come from AWS and the student.
 *
 * @param config the lab's settings
 * @param ids every recorded resource id
 * @param steps every step's last run
 * @param cliEquivalents each step's AWS CLI equivalent
 * @param requirements the last check's requirements, or empty
 * @param endpointResults the endpoint test's result lines, or empty
 * @param screenshots PNG paths relative to the report's folder
 * @param generatedAt when the report was made
 */
public record LabReport(
        LabConfig config,
        Map<ResourceKey, String> ids,
        Map<StepId, StepRecord> steps,
        Map<StepId, String> cliEquivalents,
        List<Requirement> requirements,
        List<String> endpointResults,
        List<String> screenshots,
        Instant generatedAt) {

    public LabReport {
        ids = Map.copyOf(ids);
        steps = Map.copyOf(steps);
        cliEquivalents = Map.copyOf(cliEquivalents);
        requirements = List.copyOf(requirements);
        endpointResults = List.copyOf(endpointResults);
        screenshots = List.copyOf(screenshots);
    }

    /** The report of {@code engine}'s lab as its state file records it; asks AWS nothing itself. */
    public static LabReport of(LabEngine engine, List<Requirement> requirements, List<String> endpointResults,
            List<String> screenshots, Instant generatedAt) {
        Map<StepId, String> cli = new EnumMap<>(StepId.class);
        LabSteps.all().forEach((id, step) -> cli.put(id, cliEquivalentOf(step, engine.context())));
        return new LabReport(engine.context().config(), engine.state().ids(), engine.state().steps(), cli,
                requirements, endpointResults, screenshots, generatedAt);
    }

    // A report is still worth having when one step cannot describe itself (say, the account is not known yet).
    private static String cliEquivalentOf(Step step, LabContext context) {
        try {
            return step.cliEquivalent(context);
        } catch (RuntimeException e) {
            return "(not available: " + e.getMessage() + ")";
        }
    }

    /** Screenshot paths relative to {@code folder}, with forward slashes so they work in a browser. */
    public static List<String> relative(Path folder, List<Path> pngs) {
        Path base = folder.toAbsolutePath().normalize();
        return pngs.stream().map(p -> base.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/'))
                .toList();
    }

    private Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("Lab", config.lab());
        s.put("VPC CIDR", config.vpcCidr());
        s.put("Public subnets", String.join(", ", config.publicSubnetCidrs()));
        s.put("Private subnets", String.join(", ", config.privateSubnetCidrs()));
        s.put("Listener port", String.valueOf(config.listenerPort()));
        s.put("Container port", String.valueOf(config.containerPort()));
        s.put("Health check path", config.healthCheckPath());
        s.put("CPU units", String.valueOf(config.cpu()));
        s.put("Memory (MiB)", String.valueOf(config.memoryMiB()));
        s.put("Desired count", String.valueOf(config.desiredCount()));
        s.put("Log retention (days)", String.valueOf(config.logRetentionDays()));
        return s;
    }

    private static String duration(StepRecord r) {
        if (r.startedAt() == null || r.endedAt() == null) {
            return "";
        }
        Duration d = Duration.between(r.startedAt(), r.endedAt());
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private List<StepId> orderedSteps() {
        List<StepId> order = new ArrayList<>();
        for (StepId id : StepId.values()) {
            if (steps.containsKey(id) || cliEquivalents.containsKey(id)) {
                order.add(id);
            }
        }
        return order;
    }

    /** The report as GitHub-flavoured Markdown. */
    public String markdown() {
        Function<String, String> e = LabReport::escapeMarkdown;
        StringBuilder md = new StringBuilder();
        md.append("# Lab report: ").append(e.apply(config.lab())).append("\n\n");
        md.append("Generated ").append(generatedAt).append("\n\n## Settings\n\n| Setting | Value |\n|---|---|\n");
        settings().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(e.apply(v)).append(" |\n"));
        md.append("\n## Resources\n\n");
        if (ids.isEmpty()) {
            md.append("No resource recorded.\n");
        } else {
            md.append("| Resource | Id |\n|---|---|\n");
            for (ResourceKey key : ResourceKey.values()) {
                if (ids.containsKey(key)) {
                    md.append("| ").append(key.name()).append(" | `").append(code(ids.get(key))).append("` |\n");
                }
            }
        }
        md.append("\n## Steps\n\n| Step | Status | Started | Took |\n|---|---|---|---|\n");
        for (StepId id : orderedSteps()) {
            StepRecord r = steps.get(id);
            md.append("| ").append(e.apply(id.title())).append(" | ")
                    .append(r == null ? "not run" : e.apply(r.status())).append(" | ")
                    .append(r == null || r.startedAt() == null ? "" : r.startedAt()).append(" | ")
                    .append(r == null ? "" : duration(r)).append(" |\n");
        }
        md.append("\n## CLI equivalents\n");
        for (StepId id : orderedSteps()) {
            String cli = cliEquivalents.get(id);
            if (cli != null) {
                md.append("\n### ").append(e.apply(id.title())).append("\n\n```sh\n")
                        .append(cli.replace("```", "` ` `")).append("\n```\n");
            }
        }
        if (!requirements.isEmpty()) {
            md.append("\n## Check\n\n| Step | Requirement | Met | Detail |\n|---|---|---|---|\n");
            for (Requirement r : requirements) {
                md.append("| ").append(e.apply(r.step().title())).append(" | ").append(e.apply(r.text()))
                        .append(" | ").append(r.met() ? "yes" : r.isAdvice() ? "no (advice)" : "**no**").append(" | ")
                        .append(e.apply(r.detail() == null ? "" : r.detail())).append(" |\n");
            }
        }
        if (!endpointResults.isEmpty()) {
            md.append("\n## Endpoint test\n\n");
            endpointResults.forEach(line -> md.append("- ").append(e.apply(line)).append('\n'));
        }
        if (!screenshots.isEmpty()) {
            md.append("\n## Screenshots\n\n");
            screenshots.forEach(p -> md.append("![").append(e.apply(p)).append("](")
                    .append(p.replace(" ", "%20").replace("(", "%28").replace(")", "%29")).append(")\n\n"));
        }
        return md.toString();
    }

    /** The report as a stand-alone HTML page. */
    public String html() {
        Function<String, String> e = LabReport::escapeHtml;
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lab report: ")
                .append(e.apply(config.lab())).append("</title>\n<style>body{font-family:sans-serif;max-width:60em;"
                + "margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;"
                + "text-align:left}pre{background:#f4f4f4;padding:.6em;overflow-x:auto}.unmet{color:#b00}"
                + "img{max-width:100%;border:1px solid #ccc}</style></head><body>\n");
        h.append("<h1>Lab report: ").append(e.apply(config.lab())).append("</h1>\n<p>Generated ")
                .append(generatedAt).append("</p>\n<h2>Settings</h2>\n<table>\n");
        settings().forEach((k, v) -> h.append("<tr><th>").append(e.apply(k)).append("</th><td>").append(e.apply(v))
                .append("</td></tr>\n"));
        h.append("</table>\n<h2>Resources</h2>\n");
        if (ids.isEmpty()) {
            h.append("<p>No resource recorded.</p>\n");
        } else {
            h.append("<table>\n<tr><th>Resource</th><th>Id</th></tr>\n");
            for (ResourceKey key : ResourceKey.values()) {
                if (ids.containsKey(key)) {
                    h.append("<tr><td>").append(key.name()).append("</td><td><code>").append(e.apply(ids.get(key)))
                            .append("</code></td></tr>\n");
                }
            }
            h.append("</table>\n");
        }
        h.append("<h2>Steps</h2>\n<table>\n<tr><th>Step</th><th>Status</th><th>Started</th><th>Took</th></tr>\n");
        for (StepId id : orderedSteps()) {
            StepRecord r = steps.get(id);
            h.append("<tr><td>").append(e.apply(id.title())).append("</td><td>")
                    .append(r == null ? "not run" : e.apply(r.status())).append("</td><td>")
                    .append(r == null || r.startedAt() == null ? "" : r.startedAt()).append("</td><td>")
                    .append(r == null ? "" : duration(r)).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>CLI equivalents</h2>\n");
        for (StepId id : orderedSteps()) {
            String cli = cliEquivalents.get(id);
            if (cli != null) {
                h.append("<h3>").append(e.apply(id.title())).append("</h3>\n<pre><code>").append(e.apply(cli))
                        .append("</code></pre>\n");
            }
        }
        if (!requirements.isEmpty()) {
            h.append("<h2>Check</h2>\n<table>\n")
                    .append("<tr><th>Step</th><th>Requirement</th><th>Met</th><th>Detail</th></tr>\n");
            for (Requirement r : requirements) {
                h.append(!r.fails() ? "<tr>" : "<tr class=\"unmet\">").append("<td>").append(e.apply(r.step().title()))
                        .append("</td><td>").append(e.apply(r.text())).append("</td><td>")
                        .append(r.met() ? "yes" : r.isAdvice() ? "no (advice)" : "no").append("</td><td>")
                        .append(e.apply(r.detail() == null ? "" : r.detail())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        if (!endpointResults.isEmpty()) {
            h.append("<h2>Endpoint test</h2>\n<ul>\n");
            endpointResults.forEach(line -> h.append("<li>").append(e.apply(line)).append("</li>\n"));
            h.append("</ul>\n");
        }
        if (!screenshots.isEmpty()) {
            h.append("<h2>Screenshots</h2>\n");
            screenshots.forEach(p -> h.append("<p><img src=\"").append(e.apply(p)).append("\" alt=\"")
                    .append(e.apply(p)).append("\"></p>\n"));
        }
        return h.append("</body></html>\n").toString();
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Escapes Markdown's special characters (and HTML, which Markdown passes through) in table cells and text. */
    public static String escapeMarkdown(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '|', '#', '!' -> out.append('\\').append(c);
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    // Inside a code span nothing is interpreted, but a backtick or a newline would end it or break the table.
    private static String code(String text) {
        return text.replace("`", "'").replace("|", "\\|").replace('\n', ' ');
    }
}
