package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.Requirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code check}: the lab's requirements against what exists in the account, however it was built. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Check the lab's requirements against what exists now, built by this tool or by hand.",
            "Exit 1 when any requirement is not met.",
            "Example:",
            "  labconsole check --lab sentiment-app"
        })
final class LabCheckCommand extends LabCommand {

    @Override
    int run(LabEngine engine) {
        List<Requirement> requirements = engine.check(Set.of());
        long met = requirements.stream().filter(Requirement::met).count();
        boolean ok = met == requirements.size();
        if (options.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Requirement requirement : requirements) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", requirement.step().name());
                row.put("title", requirement.step().title());
                row.put("requirement", requirement.text());
                row.put("met", requirement.met());
                row.put("detail", requirement.detail());
                rows.add(row);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("lab", options.lab);
            document.put("ok", ok);
            document.put("met", met);
            document.put("total", requirements.size());
            document.put("requirements", rows);
            out.println(LabFormat.json(document));
        } else {
            for (Requirement requirement : requirements) {
                String detail = requirement.detail() == null || requirement.detail().isBlank() ? ""
                        : " \u2014 " + requirement.detail();
                out.println((requirement.met() ? "[ok] " : "[!!] ") + requirement.step().title() + ": "
                        + requirement.text() + detail);
            }
            out.println();
            out.println(met + " of " + requirements.size() + " requirements met"
                    + (ok ? ": lab " + options.lab + " is complete." : "; run 'labconsole apply' to build what is missing."));
        }
        return ok ? ExitCode.OK : ExitCode.FAILED;
    }
}
