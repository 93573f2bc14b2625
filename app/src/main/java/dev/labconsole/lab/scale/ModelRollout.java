package dev.labconsole.lab.scale;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * A new model version rolled out safely: its files go to {@code s3://<bucket>/models/<name>/<version>/}
 * (the bucket keeps old versions), the service gets a new task definition revision whose {@code MODEL_URI}
 * names that version, and ECS replaces the tasks one by one with the deployment circuit breaker armed (the
 * service step sets it). Rolling back is the same move to the previous revision.
 */
public final class ModelRollout {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The lab's service and where its models live, as recorded. */
    public record Target(String clusterArn, String serviceArn, String bucket, String modelName) {
    }

    /**
     * One deployment of the service as ECS reports it.
     *
     * @param rolloutState IN_PROGRESS, COMPLETED or FAILED (empty when the emulator does not say)
     */
    public record DeploymentView(String status, String taskDefinition, String modelUri, int running, int desired,
            String rolloutState) {
    }

    /** A move from one revision to another. */
    public record Move(String fromTaskDefinition, String toTaskDefinition, String modelUri) {
    }

    private final AwsClients aws;
    private final Target target;

    public ModelRollout(AwsClients aws, Target target) {
        this.aws = aws;
        this.target = target;
    }

    /** A version's name: letters, digits, '.', '_' and '-' (it becomes an S3 prefix), else why not. */
    public static List<String> checkVersion(String version) {
        return version != null && VERSION.matcher(version).matches() ? List.of()
                : List.of("a model version is a name of up to 64 letters, digits, '.', '_' or '-' (like v2 or"
                        + " 2026-11-30), not '" + version + "'");
    }

    /** {@code s3://<bucket>/models/<name>/<version>/}. */
    public String uriOf(String version) {
        return "s3://" + target.bucket() + "/" + prefixOf(version);
    }

    private String prefixOf(String version) {
        return "models/" + target.modelName() + "/" + version + "/";
    }

    /** The versions in the bucket (the folders under the model's prefix), oldest name first. */
    public List<String> versions() {
        String parent = "models/" + target.modelName() + "/";
        try {
            return aws.s3().listObjectsV2Paginator(r -> r.bucket(target.bucket()).prefix(parent).delimiter("/"))
                    .commonPrefixes().stream().map(p -> p.prefix().substring(parent.length(), p.prefix().length() - 1))
                    .sorted().toList();
        } catch (RuntimeException e) {
            throw AwsErrors.explain("listing the model's versions", e);
        }
    }

    /** Uploads every file of {@code folder} as {@code version}; refuses a version that exists (versions are kept). */
    public String upload(Path folder, String version) throws IOException {
        List<String> problems = checkVersion(version);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        if (versions().contains(version)) {
            throw new IllegalArgumentException("version " + version + " is already in the bucket: choose a new name"
                    + " (a rollout never overwrites a version the service may be running)");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(folder + " holds no files: point at the model's folder");
        }
        for (Path file : files) {
            String key = prefixOf(version) + folder.relativize(file).toString().replace('\\', '/');
            try {
                aws.s3().putObject(r -> r.bucket(target.bucket()).key(key), RequestBody.fromFile(file));
            } catch (RuntimeException e) {
                throw AwsErrors.explain("uploading " + key, e);
            }
        }
        return uriOf(version);
    }

    /** The service's deployments now, the newest first. */
    public List<DeploymentView> deployments() {
        Service service = service();
        List<DeploymentView> views = new ArrayList<>();
        for (Deployment d : service.deployments()) {
            views.add(new DeploymentView(d.status(), d.taskDefinition(), modelUri(d.taskDefinition()),
                    d.runningCount() == null ? 0 : d.runningCount(), d.desiredCount() == null ? 0 : d.desiredCount(),
                    d.rolloutStateAsString() == null ? "" : d.rolloutStateAsString()));
        }
        return views;
    }

    /**
     * A new revision of the service's task definition with {@code MODEL_URI} = the version, and the service
     * moved to it. Refused while another deployment is in progress, and for a version with no files.
     */
    public Move rollOut(String version) {
        List<String> problems = checkVersion(version);
        if (!problems.isEmpty()) {
            throw new AwsProblem(problems.get(0), null, null);
        }
        if (!versions().contains(version)) {
            throw new AwsProblem("there is no version " + version + " under s3://" + target.bucket() + "/models/"
                    + target.modelName() + "/: upload it first (versions there: " + versions() + ")", null, null);
        }
        Service service = inactiveDeploymentsOnly();
        TaskDefinition current = describe(service.taskDefinition());
        String uri = uriOf(version);
        String next = register(current, uri);
        update(next);
        return new Move(service.taskDefinition(), next, uri);
    }

    /** Moves the service back to the revision before the one it runs now. */
    public Move rollBack() {
        Service service = inactiveDeploymentsOnly();
        TaskDefinition current = describe(service.taskDefinition());
        List<String> revisions;
        try {
            revisions = aws.ecs().listTaskDefinitionsPaginator(r -> r.familyPrefix(current.family()).status("ACTIVE"))
                    .taskDefinitionArns().stream().filter(a -> a.contains(":task-definition/" + current.family() + ":"))
                    .sorted(Comparator.comparingInt(ModelRollout::revision)).toList();
        } catch (RuntimeException e) {
            throw AwsErrors.explain("listing the task definition's revisions", e);
        }
        String previous = revisions.stream().filter(a -> revision(a) < current.revision())
                .reduce((first, second) -> second).orElseThrow(() -> new AwsProblem("the service runs the first"
                        + " revision of " + current.family() + ": there is nothing to roll back to", null, null));
        update(previous);
        return new Move(service.taskDefinition(), previous, modelUri(previous));
    }

    private Service inactiveDeploymentsOnly() {
        Service service = service();
        boolean busy = service.deployments().size() > 1 || service.deployments().stream()
                .anyMatch(d -> "IN_PROGRESS".equals(d.rolloutStateAsString()));
        if (busy) {
            throw new AwsProblem("a deployment of the service is still in progress: wait until it completes (or fails"
                    + " and rolls back) before starting another", null, null);
        }
        return service;
    }

    private Service service() {
        if (target.clusterArn() == null || target.serviceArn() == null) {
            throw new AwsProblem("a rollout changes the ECS service: create it first (Containers)", null, null);
        }
        try {
            return aws.ecs().describeServices(r -> r.cluster(target.clusterArn()).services(target.serviceArn()))
                    .services().stream().filter(s -> "ACTIVE".equals(s.status())).findFirst()
                    .orElseThrow(() -> new AwsProblem("the lab's service is gone: create it again (Containers)",
                            null, null));
        } catch (AwsProblem e) {
            throw e;
        } catch (RuntimeException e) {
            throw AwsErrors.explain("reading the service", e);
        }
    }

    private TaskDefinition describe(String arn) {
        try {
            return aws.ecs().describeTaskDefinition(r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS))
                    .taskDefinition();
        } catch (RuntimeException e) {
            throw AwsErrors.explain("reading task definition " + arn, e);
        }
    }

    private String modelUri(String taskDefinitionArn) {
        try {
            return describe(taskDefinitionArn).containerDefinitions().stream().flatMap(c -> c.environment().stream())
                    .filter(e -> "MODEL_URI".equals(e.name())).map(KeyValuePair::value).findFirst().orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private String register(TaskDefinition current, String modelUri) {
        List<ContainerDefinition> containers = current.containerDefinitions().stream().map(c -> {
            List<KeyValuePair> environment = new ArrayList<>(c.environment().stream()
                    .filter(e -> !"MODEL_URI".equals(e.name())).toList());
            environment.add(KeyValuePair.builder().name("MODEL_URI").value(modelUri).build());
            return c.toBuilder().environment(environment).build();
        }).toList();
        try {
            var tags = aws.ecs().listTagsForResource(r -> r.resourceArn(current.taskDefinitionArn())).tags();
            return aws.ecs().registerTaskDefinition(r -> r.family(current.family()).containerDefinitions(containers)
                    .cpu(current.cpu()).memory(current.memory()).networkMode(current.networkMode())
                    .requiresCompatibilitiesWithStrings(current.requiresCompatibilitiesAsStrings())
                    .executionRoleArn(current.executionRoleArn()).taskRoleArn(current.taskRoleArn())
                    .runtimePlatform(current.runtimePlatform()).tags(tags.isEmpty() ? null : tags))
                    .taskDefinition().taskDefinitionArn();
        } catch (RuntimeException e) {
            throw AwsErrors.explain("registering the new task definition revision", e);
        }
    }

    private void update(String taskDefinition) {
        try {
            aws.ecs().updateService(r -> r.cluster(target.clusterArn()).service(target.serviceArn())
                    .taskDefinition(taskDefinition));
        } catch (RuntimeException e) {
            throw AwsErrors.explain("moving the service to " + taskDefinition, e);
        }
    }

    private static int revision(String taskDefinitionArn) {
        return Integer.parseInt(taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf(':') + 1));
    }
}
