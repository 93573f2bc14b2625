package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.Retry;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * The two security groups: {@code <lab>-alb-sg} lets the internet reach the load balancer's
 * listener port; {@code <lab>-task-sg} lets only the load balancer reach the tasks' container port.
 */
public final class SecurityGroupsStep implements Step {

    private static final String ANYWHERE = "0.0.0.0/0";

    @Override
    public StepId id() {
        return StepId.SECURITY_GROUPS;
    }

    String albName(LabContext context) {
        return context.name("alb-sg");
    }

    String taskName(LabContext context) {
        return context.name("task-sg");
    }

    @Override
    public String cliEquivalent(LabContext context) {
        String tags = "{Key=" + LabContext.LAB_TAG + ",Value=" + context.config().lab() + "}]'";
        return "aws ec2 create-security-group --group-name " + albName(context) + " --description '"
                + albDescription(context) + "' --vpc-id <vpc-id>"
                + " --tag-specifications 'ResourceType=security-group,Tags=[{Key=Name,Value=" + albName(context) + "},"
                + tags + "\n"
                + "aws ec2 authorize-security-group-ingress --group-id <alb-sg-id> --protocol tcp --port "
                + context.config().listenerPort() + " --cidr " + ANYWHERE + "\n"
                + "aws ec2 create-security-group --group-name " + taskName(context) + " --description '"
                + taskDescription(context) + "' --vpc-id <vpc-id>"
                + " --tag-specifications 'ResourceType=security-group,Tags=[{Key=Name,Value=" + taskName(context) + "},"
                + tags + "\n"
                + "aws ec2 authorize-security-group-ingress --group-id <task-sg-id> --protocol tcp --port "
                + context.config().containerPort() + " --source-group <alb-sg-id>";
    }

    private static String albDescription(LabContext context) {
        return "Lab Console " + context.config().lab() + ": HTTP " + context.config().listenerPort()
                + " from the internet to the load balancer";
    }

    private static String taskDescription(LabContext context) {
        return "Lab Console " + context.config().lab() + ": port " + context.config().containerPort()
                + " from the load balancer only";
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<SecurityGroup> alb = find(context, ResourceKey.ALB_SECURITY_GROUP, albName(context));
        Optional<SecurityGroup> task = find(context, ResourceKey.TASK_SECURITY_GROUP, taskName(context));
        if (alb.isEmpty() || task.isEmpty()) {
            return PlanAction.CREATE;
        }
        boolean recorded = alb.get().groupId().equals(context.state().get(ResourceKey.ALB_SECURITY_GROUP).orElse(null))
                && task.get().groupId().equals(context.state().get(ResourceKey.TASK_SECURITY_GROUP).orElse(null));
        boolean rulesPresent = allowsFromAnywhere(alb.get(), context.config().listenerPort())
                && allowsFromGroup(task.get(), context.config().containerPort(), alb.get().groupId());
        return recorded && rulesPresent ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /**
     * A group: the recorded one, else the one tagged with the lab and its Name, else (built by hand)
     * the group of that name in the lab's VPC.
     */
    Optional<SecurityGroup> find(LabContext context, ResourceKey key, String name) {
        Optional<SecurityGroup> owned = findOwned(context, key, name);
        if (owned.isPresent()) {
            return owned;
        }
        Optional<String> vpcId = context.state().get(ResourceKey.VPC);
        if (vpcId.isEmpty()) {
            return Optional.empty();
        }
        return context.aws().ec2().describeSecurityGroups(r -> r.filters(Ec2Lookup.filter("vpc-id", vpcId.get()),
                Ec2Lookup.filter("group-name", name))).securityGroups().stream().findFirst();
    }

    /** For teardown: only the recorded or lab-tagged group. */
    private Optional<SecurityGroup> findOwned(LabContext context, ResourceKey key, String name) {
        Optional<String> recorded = context.state().get(key);
        if (recorded.isPresent()) {
            List<SecurityGroup> groups = context.aws().ec2().describeSecurityGroups(r -> r.filters(
                    Ec2Lookup.filter("group-id", recorded.get()))).securityGroups();
            if (!groups.isEmpty()) {
                return Optional.of(groups.get(0));
            }
        }
        return context.aws().ec2().describeSecurityGroups(r -> r.filters(Ec2Lookup.labFilters(context, name)))
                .securityGroups().stream().findFirst();
    }

    /** Whether {@code permission} is TCP (or all traffic) and covers {@code port}. */
    static boolean covers(IpPermission permission, int port) {
        if ("-1".equals(permission.ipProtocol())) {
            return true;
        }
        if (!"tcp".equals(permission.ipProtocol()) && !"6".equals(permission.ipProtocol())) {
            return false;
        }
        Integer from = permission.fromPort();
        Integer to = permission.toPort();
        return from != null && to != null && from <= port && port <= to;
    }

    static boolean allowsFromAnywhere(SecurityGroup group, int port) {
        return group.ipPermissions().stream().anyMatch(p -> covers(p, port)
                && p.ipRanges().stream().anyMatch(r -> ANYWHERE.equals(r.cidrIp())));
    }

    static boolean allowsFromGroup(SecurityGroup group, int port, String sourceGroupId) {
        return group.ipPermissions().stream().anyMatch(p -> covers(p, port)
                && p.userIdGroupPairs().stream().anyMatch(g -> sourceGroupId.equals(g.groupId())));
    }

    /** The rules of {@code group} that open any port to the whole internet (IPv4 or IPv6). */
    static List<String> openToInternet(SecurityGroup group) {
        List<String> open = new ArrayList<>();
        for (IpPermission p : group.ipPermissions()) {
            boolean anywhere = p.ipRanges().stream().anyMatch(r -> ANYWHERE.equals(r.cidrIp()))
                    || p.ipv6Ranges().stream().anyMatch(r -> "::/0".equals(r.cidrIpv6()));
            if (anywhere) {
                open.add("-1".equals(p.ipProtocol()) ? "all traffic"
                        : p.ipProtocol() + " " + p.fromPort() + (p.fromPort().equals(p.toPort()) ? "" : "-" + p.toPort()));
            }
        }
        return open;
    }

    @Override
    public void apply(LabContext context) {
        String vpcId = context.state().require(ResourceKey.VPC, StepId.VPC);
        String albId = ensureGroup(context, vpcId, ResourceKey.ALB_SECURITY_GROUP, albName(context),
                albDescription(context));
        String taskId = ensureGroup(context, vpcId, ResourceKey.TASK_SECURITY_GROUP, taskName(context),
                taskDescription(context));
        int listenerPort = context.config().listenerPort();
        int containerPort = context.config().containerPort();
        SecurityGroup alb = describe(context, albId);
        if (!allowsFromAnywhere(alb, listenerPort)) {
            authorize(context, albId, IpPermission.builder().ipProtocol("tcp").fromPort(listenerPort)
                    .toPort(listenerPort).ipRanges(IpRange.builder().cidrIp(ANYWHERE)
                            .description("HTTP from the internet").build()).build());
            context.resource(id(), "allowed TCP " + listenerPort + " from " + ANYWHERE + " into " + albId);
        }
        SecurityGroup task = describe(context, taskId);
        if (!allowsFromGroup(task, containerPort, albId)) {
            authorize(context, taskId, IpPermission.builder().ipProtocol("tcp").fromPort(containerPort)
                    .toPort(containerPort).userIdGroupPairs(UserIdGroupPair.builder().groupId(albId)
                            .description("from the load balancer").build()).build());
            context.resource(id(), "allowed TCP " + containerPort + " from " + albId + " into " + taskId);
        }
        List<String> open = openToInternet(task);
        if (!open.isEmpty()) {
            context.warn(id(), taskName(context) + " (" + taskId + ") opens " + open + " to the internet: the tasks"
                    + " should be reachable through the load balancer only; remove those rules");
        }
    }

    private String ensureGroup(LabContext context, String vpcId, ResourceKey key, String name, String description) {
        Optional<SecurityGroup> found = find(context, key, name);
        String groupId;
        if (found.isPresent()) {
            groupId = found.get().groupId();
            if (!context.state().get(key).map(groupId::equals).orElse(false)) {
                context.resource(id(), "adopted " + groupId + " (" + name + ")");
            }
        } else {
            groupId = CreateOnce.create(context, () -> find(context, key, name).map(SecurityGroup::groupId),
                    once -> context.aws().ec2().createSecurityGroup(r -> r.groupName(name)
                            .description(description).vpcId(vpcId)
                            .tagSpecifications(Ec2Lookup.tagSpec(context, ResourceType.SECURITY_GROUP, name))
                            .overrideConfiguration(once)).groupId(), "InvalidVpcID.NotFound");
            context.resource(id(), "created " + groupId + " (" + name + ")");
        }
        context.state().put(key, groupId);
        return groupId;
    }

    private static SecurityGroup describe(LabContext context, String groupId) {
        return context.retry().call(() -> context.aws().ec2().describeSecurityGroups(r -> r.groupIds(groupId))
                .securityGroups().get(0), Retry.codes("InvalidGroup.NotFound"));
    }

    private static void authorize(LabContext context, String groupId, IpPermission permission) {
        try {
            context.retry().run(() -> context.aws().ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId)
                    .ipPermissions(permission)), Retry.codes("InvalidGroup.NotFound"));
        } catch (RuntimeException e) {
            // Another run added it between our describe and this call: that is the state we want.
            if (!AwsErrors.hasCode(e, "InvalidPermission.Duplicate")) {
                throw e;
            }
        }
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        int listenerPort = context.config().listenerPort();
        int containerPort = context.config().containerPort();
        Optional<SecurityGroup> alb = find(context, ResourceKey.ALB_SECURITY_GROUP, albName(context));
        String albText = "load balancer security group " + albName(context) + " allows TCP " + listenerPort
                + " from " + ANYWHERE;
        if (alb.isEmpty()) {
            result.add(Requirement.unmet(id(), albText, "no such group: create it (Network > Create) or name yours "
                    + albName(context)));
        } else {
            context.state().put(ResourceKey.ALB_SECURITY_GROUP, alb.get().groupId());
            boolean open = allowsFromAnywhere(alb.get(), listenerPort);
            result.add(Requirement.check(id(), albText, open, open ? alb.get().groupId()
                    : alb.get().groupId() + " has no such rule: aws ec2 authorize-security-group-ingress --group-id "
                            + alb.get().groupId() + " --protocol tcp --port " + listenerPort + " --cidr " + ANYWHERE));
        }
        Optional<SecurityGroup> task = find(context, ResourceKey.TASK_SECURITY_GROUP, taskName(context));
        String fromAlbText = "task security group " + taskName(context) + " allows TCP " + containerPort
                + " from the load balancer security group";
        String closedText = "task security group " + taskName(context) + " opens no port to the internet";
        if (task.isEmpty()) {
            result.add(Requirement.unmet(id(), fromAlbText, "no such group: create it (Network > Create) or name yours "
                    + taskName(context)));
            return result;
        }
        SecurityGroup t = task.get();
        context.state().put(ResourceKey.TASK_SECURITY_GROUP, t.groupId());
        boolean fromAlb = alb.isPresent() && allowsFromGroup(t, containerPort, alb.get().groupId());
        result.add(Requirement.check(id(), fromAlbText, fromAlb, fromAlb ? t.groupId() + " <- " + alb.get().groupId()
                : t.groupId() + " has no such rule: aws ec2 authorize-security-group-ingress --group-id " + t.groupId()
                        + " --protocol tcp --port " + containerPort + " --source-group "
                        + alb.map(SecurityGroup::groupId).orElse("<alb-sg-id>")));
        List<String> open = openToInternet(t);
        result.add(Requirement.check(id(), closedText, open.isEmpty(), open.isEmpty() ? t.groupId()
                : t.groupId() + " opens " + String.join(", ", open) + " to the internet: revoke those rules"
                        + " (aws ec2 revoke-security-group-ingress --group-id " + t.groupId() + " ...)"));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        Optional<SecurityGroup> task = findOwned(context, ResourceKey.TASK_SECURITY_GROUP, taskName(context));
        Optional<SecurityGroup> alb = findOwned(context, ResourceKey.ALB_SECURITY_GROUP, albName(context));
        List<String> left = new ArrayList<>();
        // The task group's rule references the load balancer's group, which cannot go while it does.
        task.ifPresent(g -> revokeIngress(context, g));
        deleteBestEffort(context, task, ResourceKey.TASK_SECURITY_GROUP, left);
        deleteBestEffort(context, alb, ResourceKey.ALB_SECURITY_GROUP, left);
        if (!left.isEmpty()) {
            throw new AwsProblem("could not delete " + String.join("; ", left), "DependencyViolation", null);
        }
    }

    private void deleteBestEffort(LabContext context, Optional<SecurityGroup> group, ResourceKey key,
            List<String> left) {
        if (group.isEmpty()) {
            context.state().remove(key);
            return;
        }
        try {
            delete(context, group.get());
            context.state().remove(key);
        } catch (Retry.CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            left.add(group.get().groupName() + " (" + group.get().groupId() + "): " + e.getMessage());
        }
    }

    private static void revokeIngress(LabContext context, SecurityGroup group) {
        if (group.ipPermissions().isEmpty()) {
            return;
        }
        // Described rules carry read-only fields (user id, VPC, peering status) a revoke does not take.
        List<IpPermission> rules = group.ipPermissions().stream().map(p -> p.toBuilder()
                .userIdGroupPairs(p.userIdGroupPairs().stream()
                        .map(g -> UserIdGroupPair.builder().groupId(g.groupId()).build()).toList())
                .build()).toList();
        try {
            context.aws().ec2().revokeSecurityGroupIngress(r -> r.groupId(group.groupId()).ipPermissions(rules));
        } catch (RuntimeException e) {
            if (!AwsErrors.hasCode(e, "InvalidPermission.NotFound", "InvalidGroup.NotFound")) {
                throw e;
            }
        }
    }

    private void delete(LabContext context, SecurityGroup group) {
        context.waiting(id(), "deleting " + group.groupId() + " (" + group.groupName() + "; retries while network"
                + " interfaces of the load balancer and tasks drain)");
        try {
            context.retry().run(() -> context.aws().ec2().deleteSecurityGroup(r -> r.groupId(group.groupId())),
                    Retry.codes("DependencyViolation"));
        } catch (RuntimeException e) {
            if (AwsErrors.hasCode(e, "InvalidGroup.NotFound")) {
                return;
            }
            if (e instanceof Retry.CancelledException || e instanceof AwsProblem) {
                throw e;
            }
            throw AwsErrors.explain("deleting the security group " + group.groupName() + " (" + group.groupId() + ")",
                    e);
        }
        context.resource(id(), "deleted " + group.groupId() + " (" + group.groupName() + ")");
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return context.aws().ec2().describeSecurityGroups(r -> r.filters(Ec2Lookup.labFilters(context, null)))
                .securityGroups().stream()
                .map(g -> new LabResource(id(), "security group", g.groupName(), g.groupId(),
                        g.ipPermissions().size() + " inbound rule(s)", 0))
                .toList();
    }
}
