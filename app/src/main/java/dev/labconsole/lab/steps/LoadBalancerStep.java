package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.Poll;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Pricing;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/**
 * The Application Load Balancer {@code <lab>-alb}: internet-facing, in both public subnets, behind the
 * load balancer's security group. The only part of the lab reachable from the internet.
 */
public final class LoadBalancerStep implements Step {

    @Override
    public StepId id() {
        return StepId.LOAD_BALANCER;
    }

    String name(LabContext context) {
        return context.name("alb");
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "aws elbv2 create-load-balancer --name " + name(context) + " --type application --scheme internet-facing"
                + " --subnets <public-subnet-1-id> <public-subnet-2-id> --security-groups <alb-sg-id> --tags "
                + ContainerTags.cliTags(context, name(context), "Key", "Value") + "\n"
                + "aws elbv2 wait load-balancer-available --names " + name(context);
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<LoadBalancer> found = find(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        return found.get().loadBalancerArn().equals(context.state().get(ResourceKey.LOAD_BALANCER).orElse(null))
                ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /** The recorded load balancer if it still exists, else the one named {@code <lab>-alb} (names are unique). */
    Optional<LoadBalancer> find(LabContext context) {
        Optional<String> recorded = context.state().get(ResourceKey.LOAD_BALANCER);
        if (recorded.isPresent()) {
            try {
                List<LoadBalancer> found = context.aws().elb().describeLoadBalancers(r -> r.loadBalancerArns(recorded.get()))
                        .loadBalancers();
                if (!found.isEmpty()) {
                    return Optional.of(found.get(0));
                }
            } catch (LoadBalancerNotFoundException e) {
                // Deleted outside the lab: look it up by name.
            }
        }
        try {
            return context.aws().elb().describeLoadBalancers(r -> r.names(name(context))).loadBalancers().stream()
                    .findFirst();
        } catch (LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void apply(LabContext context) {
        Optional<LoadBalancer> found = find(context);
        LoadBalancer balancer;
        if (found.isPresent()) {
            balancer = found.get();
            if (!context.state().get(ResourceKey.LOAD_BALANCER).map(balancer.loadBalancerArn()::equals).orElse(false)) {
                context.resource(id(), "adopted " + name(context) + " (" + balancer.dnsName() + ")");
            }
        } else {
            String subnet1 = context.state().require(ResourceKey.PUBLIC_SUBNET_1, StepId.SUBNETS);
            String subnet2 = context.state().require(ResourceKey.PUBLIC_SUBNET_2, StepId.SUBNETS);
            String group = context.state().require(ResourceKey.ALB_SECURITY_GROUP, StepId.SECURITY_GROUPS);
            balancer = CreateOnce.create(context, () -> find(context),
                    once -> context.aws().elb().createLoadBalancer(r -> r.overrideConfiguration(once).name(name(context))
                            .type(LoadBalancerTypeEnum.APPLICATION).scheme(LoadBalancerSchemeEnum.INTERNET_FACING)
                            .subnets(subnet1, subnet2).securityGroups(group)
                            .tags(ContainerTags.elb(context, name(context)))).loadBalancers().get(0));
            context.resource(id(), "created " + name(context) + " (" + balancer.dnsName() + ")");
        }
        context.state().put(ResourceKey.LOAD_BALANCER, balancer.loadBalancerArn());
        context.state().put(ResourceKey.LOAD_BALANCER_DNS, balancer.dnsName());
        context.checkCancelled();
        context.waiting(id(), "waiting for the load balancer to become active, usually 2-3 minutes");
        String arn = balancer.loadBalancerArn();
        try {
            context.poll().until("the load balancer " + name(context) + " to become active", context.waitTimeout(),
                    () -> {
                        Optional<LoadBalancer> now = lookUp(context, arn);
                        if (now.isEmpty() || now.get().state() == null) {
                            return Poll.Look.pending("AWS does not list it yet");
                        }
                        String state = now.get().state().codeAsString();
                        String reason = now.get().state().reason() == null ? "" : " (" + now.get().state().reason() + ")";
                        if ("active".equals(state)) {
                            return Poll.Look.done();
                        }
                        if ("failed".equals(state)) {
                            throw new AwsProblem("the load balancer " + name(context) + " failed" + reason
                                    + ": delete it (Clean up) and create it again", null, null);
                        }
                        return Poll.Look.pending("it is still " + state + reason);
                    });
        } catch (Poll.TimeoutException e) {
            throw new AwsProblem(e.getMessage() + "; run Create again to keep waiting", null, e);
        }
        context.progress(id(), name(context) + " is active");
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        Optional<LoadBalancer> found = find(context);
        String text = "load balancer " + name(context);
        if (found.isEmpty()) {
            result.add(Requirement.unmet(id(), text, "no such load balancer: create it (Load balancer > Create) or"
                    + " name yours " + name(context)));
            return result;
        }
        LoadBalancer balancer = found.get();
        context.state().put(ResourceKey.LOAD_BALANCER, balancer.loadBalancerArn());
        context.state().put(ResourceKey.LOAD_BALANCER_DNS, balancer.dnsName());
        result.add(Requirement.check(id(), text + " is active", balancer.state() != null
                && "active".equals(balancer.state().codeAsString()),
                balancer.dnsName() + " is " + (balancer.state() == null ? "unknown" : balancer.state().codeAsString())));
        result.add(Requirement.check(id(), "load balancer is an internet-facing application load balancer",
                balancer.type() == LoadBalancerTypeEnum.APPLICATION
                        && balancer.scheme() == LoadBalancerSchemeEnum.INTERNET_FACING,
                balancer.typeAsString() + ", " + balancer.schemeAsString()));
        List<String> subnets = balancer.availabilityZones().stream().map(AvailabilityZone::subnetId).toList();
        List<String> wanted = new ArrayList<>();
        context.state().get(ResourceKey.PUBLIC_SUBNET_1).ifPresent(wanted::add);
        context.state().get(ResourceKey.PUBLIC_SUBNET_2).ifPresent(wanted::add);
        result.add(Requirement.check(id(), "load balancer is in both public subnets",
                wanted.size() == 2 && subnets.containsAll(wanted), "in " + subnets));
        Optional<String> group = context.state().get(ResourceKey.ALB_SECURITY_GROUP);
        result.add(Requirement.check(id(), "load balancer uses the load balancer's security group",
                group.isPresent() && balancer.securityGroups().contains(group.get()), "has " + balancer.securityGroups()));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        Optional<LoadBalancer> found = find(context).filter(b -> owned(context, b.loadBalancerArn()));
        if (found.isPresent()) {
            String arn = found.get().loadBalancerArn();
            try {
                context.aws().elb().deleteLoadBalancer(r -> r.loadBalancerArn(arn));
            } catch (LoadBalancerNotFoundException e) {
                // Already gone.
            }
            context.waiting(id(), "waiting for the load balancer to be deleted, usually under a minute");
            try {
                context.poll().until("the load balancer " + name(context) + " to be deleted", context.waitTimeout(),
                        () -> lookUp(context, arn).<Poll.Look<Void>>map(b -> Poll.Look.pending("AWS still lists it"
                                + (b.state() == null ? "" : " as " + b.state().codeAsString())))
                                .orElseGet(Poll.Look::done));
            } catch (Poll.TimeoutException e) {
                throw new AwsProblem(e.getMessage() + "; run Destroy again to keep waiting", null, e);
            }
            context.resource(id(), "deleted " + name(context));
        }
        context.state().remove(ResourceKey.LOAD_BALANCER);
        context.state().remove(ResourceKey.LOAD_BALANCER_DNS);
    }

    /** The load balancer as AWS lists it now; empty when it does not (yet, or any more). */
    private static Optional<LoadBalancer> lookUp(LabContext context, String arn) {
        try {
            return context.aws().elb().describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().stream()
                    .findFirst();
        } catch (LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }

    private boolean owned(LabContext context, String arn) {
        return arn.equals(context.state().get(ResourceKey.LOAD_BALANCER).orElse(null))
                || ContainerTags.elbTagged(context, arn);
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return find(context).filter(b -> owned(context, b.loadBalancerArn()))
                .map(b -> List.of(new LabResource(id(), "load balancer", b.loadBalancerName(), b.loadBalancerArn(),
                        b.state() == null ? "unknown" : b.state().codeAsString(), plannedHourlyUsd(context.config()))))
                .orElse(List.of());
    }

    @Override
    public double plannedHourlyUsd(LabConfig config) {
        // An internet-facing load balancer has a public address in each of its two subnets.
        return Pricing.LOAD_BALANCER + 2 * Pricing.PUBLIC_IPV4;
    }
}
