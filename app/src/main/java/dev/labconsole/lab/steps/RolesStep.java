package dev.labconsole.lab.steps;

import dev.labconsole.lab.Arns;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The task role (what the model server may do: read the model from S3) and the execution role (what
 * ECS may do for the task: pull the image, write logs). AWS Academy allows no role creation, so there
 * the lab uses the account's {@code LabRole} for both and never touches it; roles given in the settings
 * are used as they are; otherwise the lab creates {@code <lab>-task-role} and {@code <lab>-execution-role}.
 */
public final class RolesStep implements Step {

    /** The managed policy that lets ECS pull from ECR and write to CloudWatch Logs for a task. */
    public static final String EXECUTION_POLICY_ARN =
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    static final String TASK_POLICY_NAME = "read-model";
    static final String EXECUTION_POLICY_NAME = "ecs-task-execution";
    // What AmazonECSTaskExecutionRolePolicy allows: pull images from ECR, write logs.
    private static final String EXECUTION_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"ecr:GetAuthorizationToken\",\"ecr:BatchCheckLayerAvailability\",\"ecr:GetDownloadUrlForLayer\","
            + "\"ecr:BatchGetImage\",\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"*\"}]}";
    private static final String TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @Override
    public StepId id() {
        return StepId.ROLES;
    }

    static String taskRoleName(LabContext context) {
        return context.name("task-role");
    }

    static String executionRoleName(LabContext context) {
        return context.name("execution-role");
    }

    @Override
    public String cliEquivalent(LabContext context) {
        String tags = ContainerTags.cliTags(context, taskRoleName(context), "Key", "Value");
        return "# AWS Academy: nothing to create, the lab uses LabRole (aws iam get-role --role-name LabRole)\n"
                + "aws iam create-role --role-name " + taskRoleName(context)
                + " --assume-role-policy-document '" + TRUST_POLICY + "' --tags " + tags + "\n"
                + "aws iam put-role-policy --role-name " + taskRoleName(context) + " --policy-name " + TASK_POLICY_NAME
                + " --policy-document '" + taskPolicy(bucket(context)) + "'\n"
                + "aws iam create-role --role-name " + executionRoleName(context)
                + " --assume-role-policy-document '" + TRUST_POLICY + "' --tags "
                + ContainerTags.cliTags(context, executionRoleName(context), "Key", "Value") + "\n"
                + "aws iam attach-role-policy --role-name " + executionRoleName(context) + " --policy-arn "
                + EXECUTION_POLICY_ARN;
    }

    /** The model bucket: recorded by the bucket step, else the bucket of the model's S3 URI. */
    static String bucket(LabContext context) {
        Optional<String> bucket = context.state().get(ResourceKey.BUCKET);
        if (bucket.isPresent()) {
            return bucket.get();
        }
        String uri = context.state().get(ResourceKey.MODEL_URI).orElse("s3://<bucket>/models/");
        String rest = uri.startsWith("s3://") ? uri.substring(5) : uri;
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** Read-only access to the bucket's models/ prefix, nothing else. */
    static String taskPolicy(String bucket) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + bucket + "/models/*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::" + bucket + "\","
                + "\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"models/*\"]}}}]}";
    }

    @Override
    public PlanAction plan(LabContext context) {
        if (IdentityStep.labRoleArn(context) != null
                || context.config().taskRoleArn() != null && context.config().executionRoleArn() != null) {
            return context.state().get(ResourceKey.TASK_ROLE).isPresent() ? PlanAction.NOTHING : PlanAction.ADOPT;
        }
        boolean task = context.config().taskRoleArn() != null || role(context, taskRoleName(context)).isPresent();
        boolean execution = context.config().executionRoleArn() != null
                || role(context, executionRoleName(context)).isPresent();
        if (!task || !execution) {
            return PlanAction.CREATE;
        }
        return context.state().get(ResourceKey.TASK_ROLE).isPresent()
                && context.state().get(ResourceKey.EXECUTION_ROLE).isPresent() ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    static Optional<Role> role(LabContext context, String name) {
        try {
            return Optional.of(context.aws().iam().getRole(r -> r.roleName(name)).role());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    @Override
    public void apply(LabContext context) {
        String labRole = IdentityStep.labRoleArn(context);
        if (labRole != null) {
            context.state().put(ResourceKey.TASK_ROLE, labRole);
            context.state().put(ResourceKey.EXECUTION_ROLE, labRole);
            context.resource(id(), "using LabRole for the task and execution roles (AWS Academy)");
            return;
        }
        Set<String> created = createdRoles(context);
        String taskRole = context.config().taskRoleArn();
        if (taskRole == null) {
            taskRole = ensureRole(context, taskRoleName(context), created);
            context.aws().iam().putRolePolicy(r -> r.roleName(taskRoleName(context)).policyName(TASK_POLICY_NAME)
                    .policyDocument(taskPolicy(bucket(context))));
        }
        context.state().put(ResourceKey.TASK_ROLE, taskRole);
        String executionRole = context.config().executionRoleArn();
        if (executionRole == null) {
            executionRole = ensureRole(context, executionRoleName(context), created);
            attachExecutionPolicy(context);
        }
        context.state().put(ResourceKey.EXECUTION_ROLE, executionRole);
    }

    /**
     * Attaches AmazonECSTaskExecutionRolePolicy; where that managed policy does not exist (emulators
     * load no AWS managed policies) the same permissions go in as an inline policy.
     */
    private void attachExecutionPolicy(LabContext context) {
        String name = executionRoleName(context);
        try {
            context.aws().iam().attachRolePolicy(r -> r.roleName(name).policyArn(EXECUTION_POLICY_ARN));
        } catch (NoSuchEntityException e) {
            if (role(context, name).isEmpty()) {
                throw e;
            }
            context.aws().iam().putRolePolicy(r -> r.roleName(name).policyName(EXECUTION_POLICY_NAME)
                    .policyDocument(EXECUTION_POLICY));
            context.warn(id(), "the managed policy AmazonECSTaskExecutionRolePolicy does not exist here: gave "
                    + name + " the same permissions as an inline policy");
        }
    }

    /** The role's ARN: the existing role's, or a new role's (recorded in CREATED_ROLES at once). */
    private String ensureRole(LabContext context, String name, Set<String> created) {
        Optional<Role> found = role(context, name);
        if (found.isPresent()) {
            if (!created.contains(name) && !ContainerTags.iamTagged(context, tags(context, name))) {
                context.resource(id(), "adopted " + name);
            }
            return found.get().arn();
        }
        String arn;
        try {
            arn = context.aws().iam().createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST_POLICY)
                    .description("Lab Console " + context.config().lab()).tags(ContainerTags.iam(context, name)))
                    .role().arn();
        } catch (software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException e) {
            // A reply lost after IAM created it (the retry hears "already exists"): ours if it carries the lab's tag.
            Optional<Role> made = role(context, name).filter(r -> ContainerTags.iamTagged(context, tags(context, name)));
            arn = made.orElseThrow(() -> e).arn();
        }
        created.add(name);
        context.state().put(ResourceKey.CREATED_ROLES, String.join(",", created));
        context.resource(id(), "created " + name);
        return arn;
    }

    private static List<software.amazon.awssdk.services.iam.model.Tag> tags(LabContext context, String name) {
        try {
            return context.aws().iam().listRoleTags(r -> r.roleName(name)).tags();
        } catch (NoSuchEntityException e) {
            return List.of();
        }
    }

    private static Set<String> createdRoles(LabContext context) {
        Set<String> created = new LinkedHashSet<>();
        context.state().get(ResourceKey.CREATED_ROLES).ifPresent(names -> Arrays.stream(names.split(","))
                .map(String::trim).filter(n -> !n.isEmpty()).forEach(created::add));
        return created;
    }

    /** The role name in a role ARN ({@code arn:aws:iam::123:role/path/name} -> {@code name}). */
    static String roleName(String arn) {
        return Arns.lastPart(arn);
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        String labRole = IdentityStep.labRoleArn(context);
        String taskArn = labRole != null ? labRole : context.config().taskRoleArn();
        String executionArn = labRole != null ? labRole : context.config().executionRoleArn();
        String taskName = taskArn != null ? roleName(taskArn) : taskRoleName(context);
        String executionName = executionArn != null ? roleName(executionArn) : executionRoleName(context);
        Optional<Role> task = role(context, taskName);
        Optional<Role> execution = role(context, executionName);
        result.add(Requirement.check(id(), "task role " + taskName + " exists and ECS tasks may assume it",
                task.isPresent() && trustsEcsTasks(task.get()), describe(task)));
        result.add(Requirement.check(id(), "execution role " + executionName + " exists and ECS tasks may assume it",
                execution.isPresent() && trustsEcsTasks(execution.get()), describe(execution)));
        task.ifPresent(r -> context.state().put(ResourceKey.TASK_ROLE, r.arn()));
        execution.ifPresent(r -> context.state().put(ResourceKey.EXECUTION_ROLE, r.arn()));
        if (labRole == null && executionArn == null && execution.isPresent()) {
            boolean attached = context.aws().iam().listAttachedRolePolicies(r -> r.roleName(executionName))
                    .attachedPolicies().stream().map(AttachedPolicy::policyArn).anyMatch(EXECUTION_POLICY_ARN::equals)
                    || context.aws().iam().listRolePolicies(r -> r.roleName(executionName)).policyNames()
                            .contains(EXECUTION_POLICY_NAME);
            result.add(Requirement.check(id(), "execution role has AmazonECSTaskExecutionRolePolicy", attached,
                    attached ? "attached" : "aws iam attach-role-policy --role-name " + executionName
                            + " --policy-arn " + EXECUTION_POLICY_ARN));
        }
        if (labRole == null && taskArn == null && task.isPresent()) {
            boolean reads = context.aws().iam().listRolePolicies(r -> r.roleName(taskName)).policyNames().stream()
                    .map(p -> decode(context.aws().iam().getRolePolicy(r -> r.roleName(taskName).policyName(p))
                            .policyDocument()))
                    .anyMatch(d -> d.contains("s3:GetObject"));
            result.add(Requirement.check(id(), "task role may read the model from S3", reads,
                    reads ? "s3:GetObject allowed" : "no inline policy allows s3:GetObject"));
        }
        return result;
    }

    private static String describe(Optional<Role> role) {
        return role.map(r -> trustsEcsTasks(r) ? r.arn() : r.arn() + " does not trust ecs-tasks.amazonaws.com")
                .orElse("no such role");
    }

    private static boolean trustsEcsTasks(Role role) {
        return role.assumeRolePolicyDocument() != null
                && decode(role.assumeRolePolicyDocument()).contains("ecs-tasks.amazonaws.com");
    }

    // IAM returns policy documents URL-encoded.
    private static String decode(String document) {
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    @Override
    public void destroy(LabContext context) {
        List<String> failed = new ArrayList<>();
        for (String name : owned(context)) {
            try {
                for (AttachedPolicy policy : context.aws().iam().listAttachedRolePolicies(r -> r.roleName(name))
                        .attachedPolicies()) {
                    context.aws().iam().detachRolePolicy(r -> r.roleName(name).policyArn(policy.policyArn()));
                }
                for (String policy : context.aws().iam().listRolePolicies(r -> r.roleName(name)).policyNames()) {
                    context.aws().iam().deleteRolePolicy(r -> r.roleName(name).policyName(policy));
                }
                context.aws().iam().deleteRole(r -> r.roleName(name));
                context.resource(id(), "deleted " + name);
            } catch (NoSuchEntityException e) {
                // Already gone.
            } catch (RuntimeException e) {
                failed.add(name + " (" + e.getMessage() + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("could not delete the roles " + String.join(", ", failed));
        }
        context.state().remove(ResourceKey.TASK_ROLE);
        context.state().remove(ResourceKey.EXECUTION_ROLE);
        context.state().remove(ResourceKey.CREATED_ROLES);
    }

    /** Roles that exist and that the lab created or tagged; never LabRole. */
    private List<String> owned(LabContext context) {
        Set<String> candidates = createdRoles(context);
        candidates.add(taskRoleName(context));
        candidates.add(executionRoleName(context));
        Set<String> created = createdRoles(context);
        List<String> owned = new ArrayList<>();
        for (String name : candidates) {
            if (name.equals(IdentityStep.ACADEMY_ROLE) || role(context, name).isEmpty()) {
                continue;
            }
            if (created.contains(name) || ContainerTags.iamTagged(context, tags(context, name))) {
                owned.add(name);
            }
        }
        return owned;
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return owned(context).stream()
                .map(name -> new LabResource(id(), "IAM role", name, role(context, name).map(Role::arn).orElse(name),
                        "exists", 0))
                .toList();
    }
}
