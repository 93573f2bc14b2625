package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.scale.ModelRollout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollout}: a new model version to the service, or back to the previous one. */
@Command(
        name = "rollout",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Upload a model version next to the others (s3://<bucket>/models/<name>/<version>/), roll it out as a new"
                    + " task definition revision (ECS replaces the tasks one by one; the deployment circuit breaker"
                    + " rolls a failing one back), or roll back to the previous revision. Without options: the"
                    + " versions and the service's deployments.",
            "Examples:",
            "  labconsole rollout --model ./my-model-v2 --version v2",
            "  labconsole rollout --back"
        })
final class RolloutCommand extends LabCommand {

    @Option(names = "--model", paramLabel = "FOLDER", description = "The new model's folder, uploaded as --version.")
    Path model;

    @Option(names = "--version", paramLabel = "NAME", description = "The version to roll out (uploaded first with"
            + " --model, or already in the bucket).")
    String version;

    @Option(names = "--back", description = "Roll back to the previous task definition revision.")
    boolean back;

    @Override
    void checkOptions(List<String> problems) {
        if (back && (model != null || version != null)) {
            problems.add("--back takes no --model or --version");
        }
        if (model != null && version == null) {
            problems.add("--model needs --version: the name the new model is kept under (like v2)");
        }
        if (version != null) {
            problems.addAll(ModelRollout.checkVersion(version));
        }
        if (model != null) {
            model = CallerPaths.resolve(model);
            if (!Files.isDirectory(model)) {
                problems.add("--model " + model + " is not a folder: give the folder holding the new model's files");
            }
        }
    }

    @Override
    int run(LabEngine engine) throws Exception {
        engine.identify();
        ModelRollout rollout = engine.rollout();
        if (back) {
            ModelRollout.Move move = engine.rollBack();
            out.println("Rolling back: " + shortName(move.fromTaskDefinition()) + " -> " + shortName(move.toTaskDefinition())
                    + " (" + move.modelUri() + "); ECS replaces the tasks one by one: follow with 'labconsole status'.");
            return ExitCode.OK;
        }
        if (version != null) {
            if (model != null) {
                err.println("Uploading " + model + " as " + rollout.upload(model, version) + " ...");
            }
            ModelRollout.Move move = engine.rollOut(version);
            out.println("Rolling out " + version + ": " + shortName(move.fromTaskDefinition()) + " -> "
                    + shortName(move.toTaskDefinition()) + " (" + move.modelUri() + "); ECS replaces the tasks one by"
                    + " one, and the circuit breaker rolls back a deployment whose tasks fail. 'labconsole rollout"
                    + " --back' returns to " + shortName(move.fromTaskDefinition()) + ".");
            return ExitCode.OK;
        }
        out.println("Versions in the bucket: " + (rollout.versions().isEmpty() ? "none besides the first upload"
                : String.join(", ", rollout.versions())));
        for (ModelRollout.DeploymentView d : rollout.deployments()) {
            out.println(d.status() + " " + shortName(d.taskDefinition()) + " " + d.modelUri() + ": " + d.running()
                    + " of " + d.desired() + " tasks running" + (d.rolloutState().isEmpty() ? ""
                            : ", " + d.rolloutState().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
        }
        return ExitCode.OK;
    }

    private static String shortName(String taskDefinitionArn) {
        return taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    }
}
