package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsErrors;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * The task definition, family {@code <lab>}: one Fargate container {@code <lab>} running the model
 * server image, told where the model is ({@code MODEL_URI}) and which port to serve ({@code PORT}),
 * logging to {@code /ecs/<lab>}. A new revision is registered only when something changed.
 */
public final class TaskDefinitionStep implements Step {

    @Override
    public StepId id() {
        return StepId.TASK_DEFINITION;
    }

    static String family(LabContext context) {
        return RecordedNames.family(context, context.config().lab());
    }

    /** The container's name (the service's load balancer entry names it too). */
    static String containerName(LabContext context) {
        return context.config().lab();
    }

    /**
     * The configured image, else the pushed image by digest (so a new push registers a new revision),
     * else {@code <repository uri>:latest}.
     */
    static String image(LabContext context) {
        if (context.config().image() != null) {
            return context.config().image();
        }
        return context.state().get(ResourceKey.IMAGE).orElseGet(() ->
                context.state().require(ResourceKey.REPOSITORY_URI, StepId.REPOSITORY) + ":latest");
    }

    private static Map<String, String> environment(LabContext context) {
        Map<String, String> environment = new TreeMap<>();
        environment.put("MODEL_URI", context.state().require(ResourceKey.MODEL_URI, StepId.MODEL_UPLOAD));
        environment.put("PORT", String.valueOf(context.config().containerPort()));
        return environment;
    }

    @Override
    public String cliEquivalent(LabContext context) {
        String lab = context.config().lab();
        return "aws ecs register-task-definition --family " + family(context) + " --requires-compatibilities FARGATE"
                + " --network-mode awsvpc --cpu " + context.config().cpu() + " --memory " + context.config().memoryMiB()
                + " --runtime-platform operatingSystemFamily=LINUX,cpuArchitecture=X86_64"
                + " --task-role-arn <task-role-arn> --execution-role-arn <execution-role-arn>"
                + " --container-definitions '[{\"name\":\"" + lab + "\",\"image\":\"" + (context.config().image() != null
                        ? context.config().image() : "<repository-uri>:latest") + "\",\"essential\":true,"
                + "\"portMappings\":[{\"containerPort\":" + context.config().containerPort() + ",\"protocol\":\"tcp\"}],"
                + "\"environment\":[{\"name\":\"MODEL_URI\",\"value\":\"s3://<bucket>/models/sentiment/\"},"
                + "{\"name\":\"PORT\",\"value\":\"" + context.config().containerPort() + "\"}],"
                + "\"logConfiguration\":{\"logDriver\":\"awslogs\",\"options\":{\"awslogs-group\":\""
                + LogGroupStep.name(context) + "\",\"awslogs-region\":\"" + context.region()
                + "\",\"awslogs-stream-prefix\":\"ecs\"}}}]' --tags "
                + ContainerTags.cliTags(context, family(context), "key", "value");
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<TaskDefinition> latest = latest(context);
        if (latest.isEmpty()) {
            return PlanAction.CREATE;
        }
        try {
            if (!matches(context, latest.get())) {
                return PlanAction.CREATE;
            }
        } catch (IllegalStateException missingPrerequisite) {
            return PlanAction.CREATE;
        }
        return latest.get().taskDefinitionArn().equals(context.state().get(ResourceKey.TASK_DEFINITION).orElse(null))
                ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /** The family's latest ACTIVE revision, or empty. */
    static Optional<TaskDefinition> latest(LabContext context) {
        try {
            DescribeTaskDefinitionResponse response = context.aws().ecs().describeTaskDefinition(r -> r
                    .taskDefinition(family(context)).include(TaskDefinitionField.TAGS));
            TaskDefinition definition = response.taskDefinition();
            return definition != null && definition.status() == TaskDefinitionStatus.ACTIVE
                    ? Optional.of(definition) : Optional.empty();
        } catch (RuntimeException e) {
            if (AwsErrors.hasCode(e, "ClientException")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether {@code definition} is what apply would register now. */
    boolean matches(LabContext context, TaskDefinition definition) {
        Optional<ContainerDefinition> container = definition.containerDefinitions().stream()
                .filter(c -> containerName(context).equals(c.name())).findFirst();
        if (container.isEmpty()) {
            return false;
        }
        Map<String, String> environment = container.get().environment().stream()
                .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value, (a, b) -> b, TreeMap::new));
        return image(context).equals(container.get().image())
                && String.valueOf(context.config().cpu()).equals(definition.cpu())
                && String.valueOf(context.config().memoryMiB()).equals(definition.memory())
                && environment.equals(environment(context))
                && container.get().portMappings().stream()
                        .anyMatch(p -> p.containerPort() != null && p.containerPort() == context.config().containerPort())
                && context.state().require(ResourceKey.TASK_ROLE, StepId.ROLES).equals(definition.taskRoleArn())
                && context.state().require(ResourceKey.EXECUTION_ROLE, StepId.ROLES).equals(definition.executionRoleArn());
    }

    @Override
    public void apply(LabContext context) {
        String image = image(context);
        if (context.config().image() == null && !imagePushed(context)) {
            context.warn(id(), "the image " + image + " is not pushed yet: the service gets no tasks until it is;"
                    + " build and push it (Registry > Build and push, or ./labconsole image push), then Create again");
        }
        Optional<TaskDefinition> latest = latest(context);
        if (latest.isPresent() && matches(context, latest.get())) {
            String arn = latest.get().taskDefinitionArn();
            if (!context.state().get(ResourceKey.TASK_DEFINITION).map(arn::equals).orElse(false)) {
                context.resource(id(), "adopted " + family(context) + ":" + latest.get().revision());
            }
            context.state().put(ResourceKey.TASK_DEFINITION, arn);
            return;
        }
        ContainerDefinition container = ContainerDefinition.builder()
                .name(containerName(context))
                .image(image)
                .essential(true)
                .portMappings(p -> p.containerPort(context.config().containerPort()).protocol(TransportProtocol.TCP))
                .environment(environment(context).entrySet().stream()
                        .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList())
                .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
                        "awslogs-group", LogGroupStep.name(context),
                        "awslogs-region", context.region(),
                        "awslogs-stream-prefix", "ecs")))
                .build();
        String taskRole = context.state().require(ResourceKey.TASK_ROLE, StepId.ROLES);
        String executionRole = context.state().require(ResourceKey.EXECUTION_ROLE, StepId.ROLES);
        // A role created seconds ago may not be assumable by ECS yet (IAM is eventually consistent).
        Predicate<Throwable> roleNotReady = e -> AwsErrors.hasCode(e, "ClientException") && e.getMessage() != null
                && (e.getMessage().toLowerCase().contains("role") || e.getMessage().toLowerCase().contains("assume"));
        TaskDefinition registered = context.retry().call(() -> context.aws().ecs().registerTaskDefinition(r -> r
                .family(family(context))
                .requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC)
                .cpu(String.valueOf(context.config().cpu()))
                .memory(String.valueOf(context.config().memoryMiB()))
                .runtimePlatform(p -> p.operatingSystemFamily(OSFamily.LINUX).cpuArchitecture(CPUArchitecture.X86_64))
                .taskRoleArn(taskRole)
                .executionRoleArn(executionRole)
                .containerDefinitions(container)
                .tags(ContainerTags.ecs(context, family(context)))).taskDefinition(), roleNotReady);
        context.state().put(ResourceKey.TASK_DEFINITION, registered.taskDefinitionArn());
        context.resource(id(), "registered " + family(context) + ":" + registered.revision() + " (" + image + ", "
                + context.config().cpu() + " CPU units, " + context.config().memoryMiB() + " MiB)");
    }

    /**
     * Whether the lab's image is in its ECR repository (true for a configured image, which may live in
     * any registry).
     */
    static boolean imagePushed(LabContext context) {
        return context.config().image() != null || ImageStep.latest(context).isPresent();
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        Optional<TaskDefinition> latest = latest(context);
        String text = "task definition " + family(context);
        if (latest.isEmpty()) {
            result.add(Requirement.unmet(id(), text, "no active revision of that family: register it (Containers >"
                    + " Create)"));
            return result;
        }
        TaskDefinition definition = latest.get();
        context.state().put(ResourceKey.TASK_DEFINITION, definition.taskDefinitionArn());
        result.add(Requirement.met(id(), text, family(context) + ":" + definition.revision()));
        result.add(Requirement.check(id(), "task definition is for Fargate with awsvpc networking",
                definition.requiresCompatibilities().contains(Compatibility.FARGATE)
                        && definition.networkMode() == NetworkMode.AWSVPC,
                definition.requiresCompatibilitiesAsStrings() + ", " + definition.networkModeAsString()));
        result.add(Requirement.check(id(), "task has " + context.config().cpu() + " CPU units and "
                + context.config().memoryMiB() + " MiB", String.valueOf(context.config().cpu()).equals(definition.cpu())
                        && String.valueOf(context.config().memoryMiB()).equals(definition.memory()),
                definition.cpu() + " CPU units, " + definition.memory() + " MiB"));
        Optional<ContainerDefinition> container = definition.containerDefinitions().stream()
                .filter(c -> containerName(context).equals(c.name())).findFirst();
        if (container.isEmpty()) {
            result.add(Requirement.unmet(id(), "container " + containerName(context), "the task definition has no"
                    + " container of that name"));
            return result;
        }
        String modelUri = context.state().get(ResourceKey.MODEL_URI).orElse(null);
        Optional<String> actual = container.get().environment().stream()
                .filter(e -> "MODEL_URI".equals(e.name())).map(KeyValuePair::value).findFirst();
        result.add(Requirement.check(id(), "container gets MODEL_URI of the uploaded model",
                actual.isPresent() && (modelUri == null || modelUri.equals(actual.get())),
                actual.map(v -> "MODEL_URI=" + v).orElse("no MODEL_URI in the environment")));
        boolean logs = container.get().logConfiguration() != null
                && container.get().logConfiguration().logDriver() == LogDriver.AWSLOGS
                && LogGroupStep.name(context).equals(container.get().logConfiguration().options().get("awslogs-group"));
        result.add(Requirement.check(id(), "container logs to " + LogGroupStep.name(context), logs,
                logs ? "awslogs" : "no awslogs configuration for that group"));
        // Whether the image is in the repository is the image step's requirement; here: is it the one named.
        String expected = context.config().image() != null ? context.config().image()
                : context.state().get(ResourceKey.IMAGE).orElse(null);
        if (expected != null) {
            result.add(Requirement.check(id(), "container runs the lab's image", expected.equals(container.get().image()),
                    container.get().image() + (expected.equals(container.get().image()) ? ""
                            : ": the image pushed last is " + expected + "; Containers > Create registers a revision with it")));
        }
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        Optional<TaskDefinition> latest = latest(context);
        boolean owned = context.state().get(ResourceKey.TASK_DEFINITION).isPresent() || latest.isPresent()
                && ContainerTags.ecsTagged(context, context.aws().ecs().describeTaskDefinition(r -> r
                        .taskDefinition(latest.get().taskDefinitionArn()).include(TaskDefinitionField.TAGS)).tags());
        if (owned) {
            List<String> revisions = activeRevisions(context);
            for (String arn : revisions) {
                context.aws().ecs().deregisterTaskDefinition(r -> r.taskDefinition(arn));
            }
            for (int i = 0; i < revisions.size(); i += 10) {
                List<String> batch = revisions.subList(i, Math.min(i + 10, revisions.size()));
                try {
                    context.aws().ecs().deleteTaskDefinitions(r -> r.taskDefinitions(batch));
                } catch (RuntimeException e) {
                    // Deregistered is enough: deletion only tidies the console's list.
                }
            }
            if (!revisions.isEmpty()) {
                context.resource(id(), "deregistered " + revisions.size() + " revision(s) of " + family(context));
            }
        }
        context.state().remove(ResourceKey.TASK_DEFINITION);
    }

    /** ARNs of the family's ACTIVE revisions (the prefix filter also matches longer family names). */
    private List<String> activeRevisions(LabContext context) {
        String marker = ":task-definition/" + family(context) + ":";
        return context.aws().ecs().listTaskDefinitionsPaginator(r -> r.familyPrefix(family(context))
                        .status(TaskDefinitionStatus.ACTIVE))
                .taskDefinitionArns().stream()
                .filter(arn -> arn.contains(marker))
                .toList();
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return latest(context)
                .map(d -> List.of(new LabResource(id(), "task definition", family(context) + ":" + d.revision(),
                        d.taskDefinitionArn(), d.statusAsString(), 0)))
                .orElse(List.of());
    }
}
