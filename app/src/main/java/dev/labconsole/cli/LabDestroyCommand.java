package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.RunResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code destroy}: tears the lab down in reverse order and lists what is left. */
@Command(
        name = "destroy",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Delete every resource the lab created (found from the state file, else by the lab's tag), then list what",
            "is left. What you built yourself and apply adopted stays unless you confirm it with --include-adopted.",
            "Exit 1 when anything is left.",
            "Example:",
            "  labconsole destroy --lab sentiment-app --yes"
        })
final class LabDestroyCommand extends ChangingLabCommand {

    @Option(names = "--keep-bucket", description = "Keep the model bucket and the model in it.")
    boolean keepBucket;

    @Option(names = "--yes", description = "Do not ask for the lab's name first.")
    boolean yes;

    @Option(names = "--include-adopted",
            description = "Also delete the resources you built yourself that apply adopted (they are kept otherwise).")
    boolean includeAdopted;

    @Override
    void configure(LabConfigOverrides overrides) {
        overrides.keepBucket = keepBucket;
    }

    @Override
    int run(LabEngine engine) throws Exception {
        String where = where(engine);
        if (!yes) {
            String answer = ask("Delete every resource of lab " + options.lab + " in " + where
                    + (keepBucket ? " (keeping the bucket)" : "")
                    + (includeAdopted ? ", including what you built yourself and apply adopted" : "")
                    + "? Type the lab's name to confirm:");
            if (answer == null) {
                err.println("error: no answer on standard input: pass --yes to run without a prompt");
                return ExitCode.FAILED;
            }
            if (!answer.trim().equals(options.lab)) {
                err.println("nothing was deleted: the answer was not '" + options.lab + "'");
                return ExitCode.FAILED;
            }
        }
        confirmed();
        Instant start = Instant.now();
        RunResult result = engine.destroy(includeAdopted);
        Duration wall = Duration.between(start, Instant.now());
        List<LabResource> left = result.leftovers();
        if (options.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LabResource resource : left) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("kind", resource.kind());
                row.put("name", resource.name());
                row.put("id", resource.id());
                row.put("state", resource.state());
                row.put("hourlyUsd", resource.hourlyUsd());
                rows.add(row);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("lab", options.lab);
            document.put("ok", result.ok());
            document.put("elapsedSeconds", wall.toMillis() / 1000.0);
            document.put("steps", LabRunSummary.json(result));
            document.put("left", rows);
            document.put("unknown", result.unknown().stream().map(u -> Map.of("what", u.what(), "why", u.why()))
                    .toList());
            document.put("keptAdopted", result.keptAdopted().stream().map(r -> Map.of("kind", r.kind(), "id", r.id(),
                    "hourlyUsd", r.hourlyUsd())).toList());
            out.println(LabFormat.json(document));
            return result.ok() ? ExitCode.OK : ExitCode.FAILED;
        }
        out.println();
        LabRunSummary.print(out, result, wall);
        out.println();
        if (!result.keptAdopted().isEmpty()) {
            out.println("Kept " + result.keptAdopted().size() + " resource(s) you built yourself (apply adopted them): "
                    + result.keptAdopted().stream().map(r -> r.kind() + " " + r.id()).toList()
                    + (includeAdopted ? "; roles are kept: they cost nothing and may serve other work."
                            : "; 'labconsole destroy --include-adopted' deletes them too (roles excepted)."));
        }
        if (!result.unknown().isEmpty()) {
            // Never "0 left" on a failed lookup: what it would have found may still bill.
            out.println("Unknown, check again: " + result.unknown().size() + " lookup(s) failed, so what they would"
                    + " have found may still exist and bill:");
            result.unknown().forEach(u -> out.println("  " + u));
            out.println("Run 'labconsole destroy' again once the cause is fixed (or 'labconsole status' to look again).");
        }
        double keptBilling = result.keptAdopted().stream().mapToDouble(LabResource::hourlyUsd).sum();
        if (left.isEmpty() && result.unknown().isEmpty() && keptBilling > 0) {
            // Never "nothing bills" while the student's own NAT gateway or load balancer, kept as asked, still does.
            out.println("0 resources Lab Console built are left; what you built yourself and kept still bills "
                    + LabFormat.usd(keptBilling) + "/h: " + result.keptAdopted().stream().filter(r -> r.hourlyUsd() > 0)
                            .map(r -> r.kind() + " " + r.id()).toList()
                    + " ('labconsole destroy --include-adopted' deletes them).");
        } else if (left.isEmpty() && result.unknown().isEmpty()) {
            out.println("0 resources left: nothing of lab " + options.lab + " bills any more"
                    + (keepBucket ? " (the bucket and the model were kept, as asked)." : "."));
        } else if (!left.isEmpty()) {
            out.println(left.size() + (left.size() == 1 ? " resource" : " resources") + " left:");
            List<List<String>> rows = new ArrayList<>();
            for (LabResource resource : left) {
                rows.add(List.of(resource.kind(), String.valueOf(resource.name()), String.valueOf(resource.id()),
                        String.valueOf(resource.state()),
                        resource.hourlyUsd() == 0 ? "-" : LabFormat.usd(resource.hourlyUsd()) + "/h"));
            }
            LabFormat.table(out, List.of("KIND", "NAME", "ID", "STATE", "COST"), rows);
            out.println("Run 'labconsole destroy' again (it retries what is left), or delete them in the AWS Console.");
        }
        return result.ok() ? ExitCode.OK : ExitCode.FAILED;
    }
}
