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
                    + " task definition revision (a rolling deployment: the new tasks start beside the old ones, then"
                    + " the old ones drain and stop; the circuit breaker and the lab's alarms roll a failing one"
                    + " back), or roll back to the previous revision. Refused while another deployment is in"
                    + " progress. Without options: the versions, the service's deployments (old and new while one"
                    + " runs), what rolls them back, and the service's latest events.",
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
                    + " (" + move.modelUri() + "); ECS starts the tasks beside the current ones, then drains and stops"
                    + " those; " + move.safety().triggersInWords() + ". Follow it with 'labconsole rollout'.");
            return ExitCode.OK;
        }
        if (version != null) {
            // Nothing is uploaded while another deployment runs: the rollout would be refused anyway.
            rollout.refuseWhileDeploying();
            if (model != null) {
                err.println("Uploading " + model + " as " + rollout.upload(model, version) + " ...");
            }
            ModelRollout.Move move = engine.rollOut(version);
            out.println("Rolling out " + version + ": " + shortName(move.fromTaskDefinition()) + " -> "
                    + shortName(move.toTaskDefinition()) + " (" + move.modelUri() + "); ECS starts the new tasks"
                    + " beside the old ones, then drains and stops the old ones; " + move.safety().triggersInWords()
                    + ". Follow it with 'labconsole rollout'; 'labconsole rollout --back' returns to "
                    + shortName(move.fromTaskDefinition()) + ".");
            return ExitCode.OK;
        }
        out.println("Versions in the bucket: " + (rollout.versions().isEmpty() ? "none besides the first upload"
                : String.join(", ", rollout.versions())));
        ModelRollout.Watch watch = rollout.watch();
        out.println(summary(watch));
        for (ModelRollout.DeploymentView d : watch.deployments()) {
            out.println("  " + (d.primary() ? "new " : "old ") + shortName(d.taskDefinition()) + " " + d.modelUri() + ": "
                    + d.tasksInWords() + " (" + d.stage().words() + ")");
        }
        out.println(watch.safety().inWords());
        if (!watch.events().isEmpty()) {
            out.println("Latest events of the service (newest first):");
            for (ModelRollout.ServiceEvent event : watch.events()) {
                out.println("  " + EVENT_TIME.format(event.at()) + "  " + event.message());
            }
        }
        return ExitCode.OK;
    }

    private static final java.time.format.DateTimeFormatter EVENT_TIME = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss").withZone(java.time.ZoneId.systemDefault());

    /** One line: a deployment in progress (from -> to) or which revision every task runs. */
    private static String summary(ModelRollout.Watch watch) {
        var primary = watch.primary();
        if (primary.isEmpty()) {
            return "The service has no deployment yet.";
        }
        if (watch.inProgress()) {
            String from = watch.deployments().stream().filter(d -> !d.primary())
                    .map(d -> shortName(d.taskDefinition()) + " -> ").findFirst().orElse("");
            return "Deployment in progress: " + from + shortName(primary.get().taskDefinition())
                    + " (another rollout or a roll back waits until it completes):";
        }
        return "No deployment in progress: " + shortName(primary.get().taskDefinition()) + " is deployed:";
    }

    private static String shortName(String taskDefinitionArn) {
        return taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    }
}
