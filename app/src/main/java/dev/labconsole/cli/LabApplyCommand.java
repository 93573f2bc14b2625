package dev.labconsole.cli;

import dev.labconsole.image.ImageDestination;
import dev.labconsole.image.ImageException;
import dev.labconsole.image.ImageRequest;
import dev.labconsole.image.ServerImage;
import dev.labconsole.lab.CriticalPath;
import dev.labconsole.lab.ImageSupport;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabInputs;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.PlannedStep;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.RunResult;
import dev.labconsole.lab.StepId;
import dev.labconsole.lab.StepOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code apply}: creates (or adopts) every resource of the lab, with live progress. */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Create the lab's resources, or adopt the ones that exist; safe to run again, it resumes where it stopped.",
            "Exit 0 only when every step is done.",
            "Example:",
            "  labconsole apply --yes --endpoint http://127.0.0.1:5000"
        })
final class LabApplyCommand extends ChangingLabCommand {

    @Option(names = "--model", paramLabel = "URI",
            description = "The model to upload: a folder, archive or s3://bucket/prefix/ (default: the bundled model).")
    String model;

    @Option(names = "--image", paramLabel = "URI",
            description = "Your own container image, used as it is (default: Lab Console builds its model server's image and"
                    + " pushes it to the lab's ECR repository; the task definition names it by digest).")
    String image;

    @Option(names = "--base", paramLabel = "IMAGE",
            description = "The base of the image apply builds when the repository has none: a JRE 17 image with java on"
                    + " the PATH (default: " + ServerImage.DEFAULT_BASE + ").")
    String base;

    @Option(names = "--task-role", paramLabel = "ARN", description = "The task role (default: LabRole, else one the lab creates).")
    String taskRole;

    @Option(names = "--execution-role", paramLabel = "ARN",
            description = "The execution role (default: LabRole, else one the lab creates).")
    String executionRole;

    @Option(names = "--desired-count", paramLabel = "N", description = "How many tasks the service runs (default: 2).")
    Integer desiredCount;

    @Option(names = "--cpu", paramLabel = "N", description = "Fargate CPU units per task, 1024 = 1 vCPU (default: 1024).")
    Integer cpu;

    @Option(names = "--memory", paramLabel = "N", description = "Fargate memory per task in MiB (default: 3072).")
    Integer memory;

    @Option(names = "--bucket", paramLabel = "NAME",
            description = "The model bucket (default: <lab>-models-<account>-<region>).")
    String bucket;

    @Option(names = "--yes", description = "Do not ask before creating resources that bill.")
    boolean yes;

    @Override
    void configure(LabConfigOverrides overrides) {
        // A relative folder is the caller's, not the checkout's the launcher runs in.
        model = CallerPaths.resolveModel(model);
        overrides.modelUri = model;
        overrides.image = image;
        overrides.taskRoleArn = taskRole;
        overrides.executionRoleArn = executionRole;
        overrides.desiredCount = desiredCount;
        overrides.cpu = cpu;
        overrides.memoryMiB = memory;
        overrides.bucketName = bucket;
    }

    @Override
    ImageSupport images(ImageSupport standard) {
        return base == null ? standard : standard.withBaseImage(base);
    }

    @Override
    void checkInputs(LabConfig config, List<String> problems) {
        // The engine's own check (apply runs it again, at no cost): the model is loaded and test-run before
        // anything connects, so a bad one creates nothing, and plan's calls are not made either.
        LabInputs.check(config).problems().forEach(problem -> problems.add(problem.message()));
    }

    @Override
    void checkOptions(List<String> problems) {
        if (base != null) {
            try {
                ServerImage.validate(new ImageRequest(base, null, new ImageDestination.Archive(Path.of("unused.tar"),
                        "unused:latest")));
            } catch (ImageException e) {
                problems.add(e.getMessage());
            }
        }
    }

    @Override
    int run(LabEngine engine) throws Exception {
        String where = where(engine);
        if (!yes) {
            double hourly = engine.plan().stream().mapToDouble(PlannedStep::hourlyUsd).sum();
            String answer = ask(String.format(Locale.ROOT, "Create the lab's resources in %s? It costs about %s/hour"
                    + " while it exists. [y/N]", where, String.format(Locale.ROOT, "$%.2f", hourly)));
            if (answer == null) {
                err.println("error: no answer on standard input: pass --yes to run without a prompt");
                return ExitCode.FAILED;
            }
            if (!answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
                err.println("nothing was created (pass --yes to run without a prompt)");
                return ExitCode.FAILED;
            }
        }
        confirmed();
        Instant start = Instant.now();
        RunResult result = engine.apply();
        Duration wall = Duration.between(start, Instant.now());
        boolean ok = result.outcomes().values().stream().allMatch(StepOutcome::ok);
        CriticalPath path = CriticalPath.of(CriticalPath.recorded(engine.state()));
        String endpoint = engine.state().get(ResourceKey.LOAD_BALANCER_DNS).map(dns -> "http://" + dns + "/").orElse(null);
        if (options.json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("lab", options.lab);
            document.put("ok", ok);
            document.put("elapsedSeconds", wall.toMillis() / 1000.0);
            document.put("endpoint", endpoint);
            document.put("criticalPathSeconds", path.total().toMillis() / 1000.0);
            document.put("sumOfStepsSeconds", path.sum().toMillis() / 1000.0);
            document.put("steps", LabRunSummary.json(result));
            out.println(LabFormat.json(document));
        } else {
            out.println();
            LabRunSummary.print(out, result, wall);
            out.println("Critical path " + LabFormat.duration(path.total()) + " ("
                    + path.path().stream().map(StepId::title).collect(Collectors.joining(" > ")) + "), against "
                    + LabFormat.duration(path.sum()) + " for the steps one after another.");
            if (ok) {
                out.println("Lab " + options.lab + " is up" + (endpoint == null ? "." : ": " + endpoint + "health")
                        + " Check it with 'labconsole check'; tear it down with 'labconsole destroy' when done.");
            } else {
                out.println("Not every step is done: fix what the failed steps say and run 'labconsole apply' again;"
                        + " it resumes where it stopped.");
            }
        }
        return ok ? ExitCode.OK : ExitCode.FAILED;
    }
}
