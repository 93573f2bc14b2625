package dev.labconsole.lab.scale;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.lab.monitor.LabAlarms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * A new model version rolled out safely: its files go to {@code s3://<bucket>/models/<name>/<version>/}
 * (the bucket keeps old versions), the service gets a new task definition revision whose {@code MODEL_URI}
 * names that version, and ECS runs a rolling deployment: the new tasks start beside the old ones, and once
 * they pass the load balancer's health checks the old tasks' targets drain and the old tasks stop. Every
 * move arms the deployment circuit breaker with rollback and names the lab's alarms (when they exist) as
 * rollback triggers, so a version whose tasks fail, or that sets off an alarm, goes back by itself. Rolling
 * back by hand is the same move to the previous revision. Only one deployment at a time.
 */
public final class ModelRollout {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * The lab's service and where its models live, as recorded.
     *
     * @param lab the lab's name, whose alarms become the deployments' rollback triggers; null: no alarms
     */
    public record Target(String clusterArn, String serviceArn, String bucket, String modelName, String lab) {

        /** A service with no lab alarms to watch. */
        public Target(String clusterArn, String serviceArn, String bucket, String modelName) {
            this(clusterArn, serviceArn, bucket, modelName, null);
        }
    }

    /** Where a deployment is, in the student's terms. */
    public enum Stage {
        /** The new revision's tasks are being placed and started (PENDING). */
        STARTING("new tasks starting"),
        /** The new tasks run; the deployment completes once the old ones are gone. */
        RUNNING("new tasks running, waiting for the old ones to go"),
        /** The old revision's tasks still serve beside the new ones. */
        SERVING("old tasks still serving"),
        /** The old tasks' targets are deregistered and drain their connections; then the tasks stop. */
        DRAINING("old targets draining, then the tasks stop"),
        /** Every task runs this revision. */
        COMPLETED("completed"),
        /** The circuit breaker (or an alarm) failed the deployment; with rollback on, ECS goes back. */
        FAILED("failed: rolling back");

        private final String words;

        Stage(String words) {
            this.words = words;
        }

        /** The stage in a few words, as the page and the command line say it. */
        public String words() {
            return words;
        }
    }

    /**
     * One deployment of the service as ECS reports it.
     *
     * @param status PRIMARY (the revision ECS moves to) or ACTIVE (the one it moves away from)
     * @param rolloutState IN_PROGRESS, COMPLETED or FAILED (empty when the emulator does not say)
     */
    public record DeploymentView(String status, String taskDefinition, String modelUri, int running, int pending,
            int desired, String rolloutState, Stage stage) {

        public boolean primary() {
            return "PRIMARY".equals(status);
        }

        /** Its tasks in a few words: "2 running, 2 pending of 2", or "2 running, none wanted" while they go. */
        public String tasksInWords() {
            return running + " running" + (pending > 0 ? ", " + pending + " pending" : "")
                    + (desired == 0 ? ", none wanted" : " of " + desired);
        }
    }

    /**
     * What stops a bad version: the circuit breaker (rolls back when the new tasks keep failing) and the
     * CloudWatch alarms named as rollback triggers.
     */
    public record Safety(boolean circuitBreaker, boolean rollback, List<String> rollbackAlarms) {
        public Safety {
            rollbackAlarms = List.copyOf(rollbackAlarms);
        }

        /** What rolls a deployment back, in a few words: "the circuit breaker and alarm lab-5xx roll it back ...". */
        public String triggersInWords() {
            List<String> triggers = new ArrayList<>();
            if (circuitBreaker && rollback) {
                triggers.add("the circuit breaker");
            }
            if (!rollbackAlarms.isEmpty()) {
                triggers.add((rollbackAlarms.size() == 1 ? "alarm " : "alarms ") + String.join(", ", rollbackAlarms));
            }
            return triggers.isEmpty() ? "nothing rolls it back by itself"
                    : String.join(" and ", triggers) + " roll it back if it goes wrong";
        }

        /** The whole safety net in a sentence, with what to do where a part is missing. */
        public String inWords() {
            String breaker = circuitBreaker && rollback
                    ? "the deployment circuit breaker rolls back a deployment whose new tasks keep failing"
                    : circuitBreaker ? "the deployment circuit breaker stops a failing deployment but does not roll it"
                            + " back" : "the deployment circuit breaker is off (a rollout turns it on)";
            String alarms = rollbackAlarms.isEmpty()
                    ? "no alarms roll it back yet (create the lab's alarms on the Monitoring page; the next rollout"
                            + " uses them)"
                    : (rollbackAlarms.size() == 1 ? "the alarm " + rollbackAlarms.get(0) + " rolls"
                            : "the alarms " + String.join(", ", rollbackAlarms) + " roll")
                            + " it back if set off during the deployment";
            return "Safety: " + breaker + "; " + alarms + ".";
        }
    }

    /** One of the service's events (ECS's own words), newest first where listed. */
    public record ServiceEvent(Instant at, String message) {
    }

    /** The service's deployments now, newest first, with its latest events and what guards the deployment. */
    public record Watch(List<DeploymentView> deployments, List<ServiceEvent> events, Safety safety) {
        public Watch {
            deployments = List.copyOf(deployments);
            events = List.copyOf(events);
        }

        /** Whether a deployment is still under way (a new revision replacing an old one). */
        public boolean inProgress() {
            return deployments.size() > 1 || deployments.stream().anyMatch(d -> "IN_PROGRESS".equals(d.rolloutState()));
        }

        /** The deployment ECS moves to, if any. */
        public java.util.Optional<DeploymentView> primary() {
            return deployments.stream().filter(DeploymentView::primary).findFirst();
        }
    }

    /** How many of the service's events a watch keeps (ECS keeps the last 100). */
    static final int EVENTS_SHOWN = 8;

    /**
     * A move from one revision to another.
     *
     * @param safety what the new deployment was created with
     */
    public record Move(String fromTaskDefinition, String toTaskDefinition, String modelUri, Safety safety) {
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
        return watch().deployments();
    }

    /** The service's deployments, latest events and deployment safety now. */
    public Watch watch() {
        Service service = service();
        boolean replacing = service.deployments().size() > 1;
        List<DeploymentView> views = new ArrayList<>();
        for (Deployment d : service.deployments()) {
            int running = count(d.runningCount());
            int pending = count(d.pendingCount());
            int desired = count(d.desiredCount());
            String state = d.rolloutStateAsString() == null ? "" : d.rolloutStateAsString();
            views.add(new DeploymentView(d.status(), d.taskDefinition(), modelUri(d.taskDefinition()), running, pending,
                    desired, state, stage(d.status(), state, running, pending, desired, replacing)));
        }
        List<ServiceEvent> events = service.events().stream().limit(EVENTS_SHOWN)
                .map(e -> new ServiceEvent(e.createdAt(), e.message())).toList();
        return new Watch(views, events, safetyOf(service.deploymentConfiguration()));
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    static Stage stage(String status, String rolloutState, int running, int pending, int desired, boolean replacing) {
        if ("FAILED".equals(rolloutState)) {
            return Stage.FAILED;
        }
        if (!"PRIMARY".equals(status)) {
            return desired == 0 && running > 0 ? Stage.DRAINING : Stage.SERVING;
        }
        if (!replacing && !"IN_PROGRESS".equals(rolloutState)) {
            return Stage.COMPLETED;
        }
        return pending > 0 || running < desired ? Stage.STARTING : Stage.RUNNING;
    }

    private static Safety safetyOf(DeploymentConfiguration configuration) {
        if (configuration == null) {
            return new Safety(false, false, List.of());
        }
        var breaker = configuration.deploymentCircuitBreaker();
        var alarms = configuration.alarms();
        boolean alarmsOn = alarms != null && Boolean.TRUE.equals(alarms.enable()) && Boolean.TRUE.equals(alarms.rollback());
        return new Safety(breaker != null && Boolean.TRUE.equals(breaker.enable()),
                breaker != null && Boolean.TRUE.equals(breaker.rollback()),
                alarmsOn ? alarms.alarmNames() : List.of());
    }

    /**
     * Refuses, before anything is uploaded or changed, while a deployment of the service is in progress:
     * ECS would replace it mid-way, and the student could no longer tell which version failed.
     */
    public void refuseWhileDeploying() {
        inactiveDeploymentsOnly();
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
        Safety safety = update(service, next);
        return new Move(service.taskDefinition(), next, uri, safety);
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
        Safety safety = update(service, previous);
        return new Move(service.taskDefinition(), previous, modelUri(previous), safety);
    }

    private Service inactiveDeploymentsOnly() {
        Service service = service();
        boolean busy = service.deployments().size() > 1 || service.deployments().stream()
                .anyMatch(d -> "IN_PROGRESS".equals(d.rolloutStateAsString()));
        if (busy) {
            Deployment primary = service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                    .orElse(service.deployments().get(0));
            String from = service.deployments().stream().filter(d -> !"PRIMARY".equals(d.status()))
                    .map(d -> shortName(d.taskDefinition()) + " -> ").findFirst().orElse("");
            throw new AwsProblem("a deployment of the service is still in progress (" + from
                    + shortName(primary.taskDefinition()) + ", " + count(primary.runningCount()) + " of "
                    + count(primary.desiredCount()) + " new tasks running): wait until it completes, or fails and"
                    + " rolls back, then try again", null, null);
        }
        return service;
    }

    private static String shortName(String taskDefinitionArn) {
        return taskDefinitionArn == null ? "" : taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
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

    /**
     * Moves the service to {@code taskDefinition} as a rolling deployment with the circuit breaker (rollback
     * on) and the lab's alarms as rollback triggers; keeps the service's own healthy/maximum percentages.
     */
    private Safety update(Service service, String taskDefinition) {
        List<String> alarms = rollbackAlarms();
        DeploymentConfiguration now = service.deploymentConfiguration();
        DeploymentConfiguration wanted = DeploymentConfiguration.builder()
                .deploymentCircuitBreaker(b -> b.enable(true).rollback(true))
                .minimumHealthyPercent(now == null || now.minimumHealthyPercent() == null ? 100 : now.minimumHealthyPercent())
                .maximumPercent(now == null || now.maximumPercent() == null ? 200 : now.maximumPercent())
                .alarms(a -> a.alarmNames(alarms).enable(!alarms.isEmpty()).rollback(!alarms.isEmpty()))
                .build();
        try {
            aws.ecs().updateService(r -> r.cluster(target.clusterArn()).service(target.serviceArn())
                    .taskDefinition(taskDefinition).deploymentConfiguration(wanted));
        } catch (RuntimeException e) {
            throw AwsErrors.explain("moving the service to " + taskDefinition, e);
        }
        return safetyOf(wanted);
    }

    /** The lab's alarms that exist now (the Monitoring page creates them); none without a lab name. */
    private List<String> rollbackAlarms() {
        if (target.lab() == null) {
            return List.of();
        }
        return new LabAlarms(aws, target.lab()).states().stream().map(LabAlarms.Alarm::name).toList();
    }

    private static int revision(String taskDefinitionArn) {
        return Integer.parseInt(taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf(':') + 1));
    }
}
