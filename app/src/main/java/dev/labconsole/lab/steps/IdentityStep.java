package dev.labconsole.lab.steps;

import dev.labconsole.lab.Identity;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Who am I: the account, the identity's ARN and the region. Warns on the root user, and notices AWS
 * Academy by its {@code LabRole}, whose ARN the roles step then uses.
 */
public final class IdentityStep implements Step {

    /** AWS Academy accounts have this role and allow no role creation. */
    public static final String ACADEMY_ROLE = "LabRole";

    @Override
    public StepId id() {
        return StepId.IDENTITY;
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "aws sts get-caller-identity\naws iam get-role --role-name " + ACADEMY_ROLE;
    }

    @Override
    public PlanAction plan(LabContext context) {
        return PlanAction.NOTHING;
    }

    @Override
    public void apply(LabContext context) {
        GetCallerIdentityResponse who = context.aws().sts().getCallerIdentity();
        context.state().put(ResourceKey.ACCOUNT_ID, who.account());
        Identity identity = new Identity(who.account(), who.arn(), context.region(), labRoleArn(context));
        context.identity(identity);
        context.resource(id(), "account " + who.account() + ", " + who.arn() + ", region " + context.region());
        if (identity.root()) {
            context.warn(id(), "you are signed in as the account's root user: use an IAM user or role for"
                    + " day-to-day work");
        }
        if (identity.academy()) {
            context.resource(id(), "AWS Academy account (LabRole found): the lab uses LabRole for its tasks");
        }
    }

    /** The ARN of the account's {@code LabRole}, or null when there is none (or it cannot be read). */
    public static String labRoleArn(LabContext context) {
        try {
            return context.aws().iam().getRole(r -> r.roleName(ACADEMY_ROLE)).role().arn();
        } catch (NoSuchEntityException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        GetCallerIdentityResponse who = context.aws().sts().getCallerIdentity();
        context.state().put(ResourceKey.ACCOUNT_ID, who.account());
        context.identity(new Identity(who.account(), who.arn(), context.region(), labRoleArn(context)));
        result.add(Requirement.met(id(), "credentials work", who.arn() + " in account " + who.account()));
        result.add(Requirement.check(id(), "not the root user", !who.arn().endsWith(":root"),
                who.arn().endsWith(":root") ? "sign in as an IAM user or role instead" : who.arn()));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        // Nothing to delete: identity is not a resource.
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return List.of();
    }
}
