package dev.labconsole.lab.steps;

import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import dev.labconsole.aws.Retry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;

/** The ECS cluster {@code <lab>-cluster}: a Fargate cluster, no servers to manage. */
public final class ClusterStep implements Step {

    @Override
    public StepId id() {
        return StepId.CLUSTER;
    }

    static String name(LabContext context) {
        return RecordedNames.of(context, ResourceKey.CLUSTER, context.name("cluster"));
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "aws ecs create-cluster --cluster-name " + name(context) + " --capacity-providers FARGATE --tags "
                + ContainerTags.cliTags(context, name(context), "key", "value");
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<Cluster> found = find(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        return found.get().clusterArn().equals(context.state().get(ResourceKey.CLUSTER).orElse(null))
                ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /** The ACTIVE cluster named {@code <lab>-cluster} (cluster names are unique), with its tags. */
    static Optional<Cluster> find(LabContext context) {
        return context.aws().ecs().describeClusters(r -> r.clusters(name(context)).include(ClusterField.TAGS))
                .clusters().stream()
                .filter(c -> "ACTIVE".equals(c.status()))
                .findFirst();
    }

    @Override
    public void apply(LabContext context) {
        Optional<Cluster> found = find(context);
        String arn;
        if (found.isPresent()) {
            arn = found.get().clusterArn();
            if (!context.state().get(ResourceKey.CLUSTER).map(arn::equals).orElse(false)) {
                context.resource(id(), "adopted " + name(context));
            }
        } else {
            context.progress(id(), "creating " + name(context) + " (in a fresh account ECS first creates its"
                    + " service-linked role, which can take a minute)");
            // A fresh account's first cluster fails while ECS creates its service-linked role: retry for that while.
            arn = context.retry().withDeadline(SERVICE_LINKED_ROLE_WAIT).call(() -> context.aws().ecs()
                    .createCluster(r -> r.clusterName(name(context)).capacityProviders("FARGATE")
                            .tags(ContainerTags.ecs(context, name(context)))).cluster().clusterArn(),
                    ClusterStep::serviceLinkedRoleNotReady);
            context.resource(id(), "created " + name(context));
        }
        context.state().put(ResourceKey.CLUSTER, arn);
    }

    /** How long a new account's service-linked role may take: about a minute, with room to spare. */
    static final java.time.Duration SERVICE_LINKED_ROLE_WAIT = java.time.Duration.ofSeconds(90);

    /** ECS's "Unable to assume the service linked role" while it creates that role. */
    static boolean serviceLinkedRoleNotReady(Throwable e) {
        return dev.labconsole.aws.AwsErrors.hasCode(e, "InvalidParameterException") && e.getMessage() != null
                && e.getMessage().contains("service linked role");
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        Optional<Cluster> found = find(context);
        found.ifPresent(c -> context.state().put(ResourceKey.CLUSTER, c.clusterArn()));
        result.add(Requirement.check(id(), "ECS cluster " + name(context) + " is active", found.isPresent(),
                found.map(Cluster::clusterArn).orElse("no active cluster of that name: aws ecs create-cluster"
                        + " --cluster-name " + name(context))));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        Optional<Cluster> found = find(context).filter(c -> c.clusterArn()
                .equals(context.state().get(ResourceKey.CLUSTER).orElse(null)) || ContainerTags.ecsTagged(context, c.tags()));
        if (found.isPresent()) {
            // A service being drained still counts against the cluster for a little while.
            context.retry().run(() -> context.aws().ecs().deleteCluster(r -> r.cluster(name(context))),
                    Retry.codes("ClusterContainsServicesException", "ClusterContainsTasksException",
                            "UpdateInProgressException"));
            context.resource(id(), "deleted " + name(context));
        }
        context.state().remove(ResourceKey.CLUSTER);
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return find(context).filter(c -> ContainerTags.ecsTagged(context, c.tags())
                        || c.clusterArn().equals(context.state().get(ResourceKey.CLUSTER).orElse(null)))
                .map(c -> List.of(new LabResource(id(), "ECS cluster", c.clusterName(), c.clusterArn(),
                        c.status() + ", " + c.runningTasksCount() + " tasks running", 0)))
                .orElse(List.of());
    }
}
