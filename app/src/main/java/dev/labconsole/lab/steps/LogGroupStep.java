package dev.labconsole.lab.steps;

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
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** The log group {@code /ecs/<lab>} the tasks write to, kept for the lab's retention. */
public final class LogGroupStep implements Step {

    @Override
    public StepId id() {
        return StepId.LOG_GROUP;
    }

    /** {@code /ecs/<lab>}: the task definition's awslogs group. */
    static String name(LabContext context) {
        return RecordedNames.of(context, ResourceKey.LOG_GROUP, "/ecs/" + context.config().lab());
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "aws logs create-log-group --log-group-name " + name(context) + " --tags Name=" + name(context) + ","
                + LabContext.LAB_TAG + "=" + context.config().lab() + "\n"
                + "aws logs put-retention-policy --log-group-name " + name(context) + " --retention-in-days "
                + context.config().logRetentionDays();
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<LogGroup> found = find(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        return context.state().get(ResourceKey.LOG_GROUP).isPresent()
                && retention(found.get()) == context.config().logRetentionDays() ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    Optional<LogGroup> find(LabContext context) {
        return context.aws().logs().describeLogGroups(r -> r.logGroupNamePrefix(name(context))).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name(context)))
                .findFirst();
    }

    private static int retention(LogGroup group) {
        return group.retentionInDays() == null ? 0 : group.retentionInDays();
    }

    @Override
    public void apply(LabContext context) {
        Optional<LogGroup> found = find(context);
        if (found.isEmpty()) {
            try {
                context.aws().logs().createLogGroup(r -> r.logGroupName(name(context))
                        .tags(ContainerTags.logs(context, name(context))));
                context.resource(id(), "created " + name(context));
            } catch (ResourceAlreadyExistsException e) {
                // Created meanwhile: adopt it.
            }
        } else if (context.state().get(ResourceKey.LOG_GROUP).isEmpty()) {
            context.resource(id(), "adopted " + name(context));
        }
        context.state().put(ResourceKey.LOG_GROUP, name(context));
        if (found.isEmpty() || retention(found.get()) != context.config().logRetentionDays()) {
            context.aws().logs().putRetentionPolicy(r -> r.logGroupName(name(context))
                    .retentionInDays(context.config().logRetentionDays()));
        }
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        Optional<LogGroup> found = find(context);
        String text = "log group " + name(context);
        if (found.isEmpty()) {
            result.add(Requirement.unmet(id(), text, "no such log group: create it (Containers > Create) or"
                    + " aws logs create-log-group --log-group-name " + name(context)));
            return result;
        }
        context.state().put(ResourceKey.LOG_GROUP, name(context));
        result.add(Requirement.met(id(), text, "exists"));
        int days = retention(found.get());
        result.add(Requirement.check(id(), "log group keeps logs " + context.config().logRetentionDays() + " days",
                days == context.config().logRetentionDays(), days == 0 ? "kept forever" : days + " days"));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        if (find(context).isPresent() && owned(context)) {
            try {
                context.aws().logs().deleteLogGroup(r -> r.logGroupName(name(context)));
                context.resource(id(), "deleted " + name(context));
            } catch (ResourceNotFoundException e) {
                // Already gone.
            }
        }
        context.state().remove(ResourceKey.LOG_GROUP);
    }

    /** Recorded by the lab, or tagged with it. */
    @SuppressWarnings("deprecation")
    private boolean owned(LabContext context) {
        if (context.state().get(ResourceKey.LOG_GROUP).isPresent()) {
            return true;
        }
        try {
            Map<String, String> tags = context.aws().logs().listTagsLogGroup(r -> r.logGroupName(name(context))).tags();
            return context.config().lab().equals(tags.get(LabContext.LAB_TAG));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return find(context).filter(g -> owned(context))
                .map(g -> List.of(new LabResource(id(), "log group", g.logGroupName(), g.arn(),
                        retention(g) + " days retention", 0)))
                .orElse(List.of());
    }
}
