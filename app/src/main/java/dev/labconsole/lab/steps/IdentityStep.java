package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsErrors;
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
        GetCallerIdentityResponse who = callerIdentity(context);
        context.state().put(ResourceKey.ACCOUNT_ID, who.account());
        Identity identity = new Identity(who.account(), who.arn(), context.region(), labRoleIfKnown(context));
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

    /** How long the first call of a run may take before the student hears that nothing answers. */
    static final java.time.Duration FIRST_CALL_TIMEOUT = java.time.Duration.ofSeconds(20);

    /**
     * Who the credentials are: every run's first call, so it is bounded: an endpoint that accepts
     * connections and never answers is reported within {@link #FIRST_CALL_TIMEOUT}, with what to check,
     * rather than after the SDK's ten attempts of a minute each.
     */
    public static GetCallerIdentityResponse callerIdentity(LabContext context) {
        try {
            return context.aws().sts().getCallerIdentity(r -> r.overrideConfiguration(o -> o
                    .apiCallTimeout(FIRST_CALL_TIMEOUT).apiCallAttemptTimeout(java.time.Duration.ofSeconds(8))));
        } catch (software.amazon.awssdk.core.exception.ApiCallTimeoutException
                | software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException e) {
            java.net.URI endpoint = context.aws().target().endpoint();
            String where = endpoint != null ? "the endpoint " + endpoint : "AWS (STS in " + context.region() + ")";
            throw new dev.labconsole.aws.AwsProblem(where + " accepted the connection but did not answer within "
                    + FIRST_CALL_TIMEOUT.toSeconds() + " s: check the endpoint URL (--endpoint, AWS_ENDPOINT_URL), that"
                    + " the emulator is running and healthy, and any HTTP(S)_PROXY setting or firewall on the way",
                    null, e);
        }
    }

    /**
     * {@link #labRoleArn} for the identity's record, which only informs the window: when IAM cannot be read
     * the record says no LabRole and a warning says why, and the roles step, which needs the answer, fails
     * with the same reason instead of guessing.
     */
    private static String labRoleIfKnown(LabContext context) {
        try {
            return labRoleArn(context);
        } catch (dev.labconsole.aws.AwsProblem e) {
            context.warn(StepId.IDENTITY, e.getMessage());
            return null;
        }
    }

    /**
     * The ARN of the account's {@code LabRole}, or null when IAM says there is none. Any other error
     * (access denied, an expired token) is thrown as a problem saying so: guessing "no LabRole" would make
     * the lab try to create roles, which AWS Academy forbids.
     */
    public static String labRoleArn(LabContext context) {
        try {
            return context.aws().iam().getRole(r -> r.roleName(ACADEMY_ROLE)).role().arn();
        } catch (NoSuchEntityException e) {
            return null;
        } catch (RuntimeException e) {
            throw AwsErrors.explain("finding out whether this account has AWS Academy's " + ACADEMY_ROLE
                    + " (iam get-role); if IAM is closed to you, give the roles with --task-role and --execution-role", e);
        }
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        GetCallerIdentityResponse who = callerIdentity(context);
        context.state().put(ResourceKey.ACCOUNT_ID, who.account());
        context.identity(new Identity(who.account(), who.arn(), context.region(), labRoleIfKnown(context)));
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
