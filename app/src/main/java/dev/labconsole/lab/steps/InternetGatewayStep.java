package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsErrors;
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
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** The lab's internet gateway {@code <lab>-igw}, attached to the lab's VPC. */
public final class InternetGatewayStep implements Step {

    /**
     * Detaching fails while the NAT gateway or load balancer still hold public addresses in the VPC
     * ("Network vpc-... has some mapped public address(es)"); they go within minutes of their deletion.
     */
    private static final Predicate<Throwable> PUBLIC_ADDRESSES_DRAINING = e -> AwsErrors.hasCode(e,
            "DependencyViolation") || String.valueOf(e.getMessage()).contains("mapped public address");

    @Override
    public StepId id() {
        return StepId.INTERNET_GATEWAY;
    }

    String name(LabContext context) {
        return context.name("igw");
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "aws ec2 create-internet-gateway --tag-specifications 'ResourceType=internet-gateway,Tags=[{Key=Name,Value="
                + name(context) + "},{Key=" + LabContext.LAB_TAG + ",Value=" + context.config().lab() + "}]'\n"
                + "aws ec2 attach-internet-gateway --internet-gateway-id <igw-id> --vpc-id <vpc-id>";
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<InternetGateway> found = find(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        boolean recorded = found.get().internetGatewayId().equals(
                context.state().get(ResourceKey.INTERNET_GATEWAY).orElse(null));
        return recorded && attachedTo(found.get(), context.state().get(ResourceKey.VPC).orElse(null))
                ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /**
     * The lab's internet gateway: the recorded one, else the one tagged with the lab, else (built by
     * hand) the gateway attached to the lab's VPC.
     */
    Optional<InternetGateway> find(LabContext context) {
        Optional<InternetGateway> owned = findOwned(context);
        if (owned.isPresent()) {
            return owned;
        }
        Optional<String> vpcId = context.state().get(ResourceKey.VPC);
        if (vpcId.isEmpty()) {
            return Optional.empty();
        }
        return context.aws().ec2().describeInternetGateways(r -> r.filters(
                Ec2Lookup.filter("attachment.vpc-id", vpcId.get()))).internetGateways().stream().findFirst();
    }

    /** For teardown: only the recorded or lab-tagged gateway. */
    private Optional<InternetGateway> findOwned(LabContext context) {
        Optional<String> recorded = context.state().get(ResourceKey.INTERNET_GATEWAY);
        if (recorded.isPresent()) {
            List<InternetGateway> gateways = context.aws().ec2().describeInternetGateways(r -> r.filters(
                    Ec2Lookup.filter("internet-gateway-id", recorded.get()))).internetGateways();
            if (!gateways.isEmpty()) {
                return Optional.of(gateways.get(0));
            }
        }
        return context.aws().ec2().describeInternetGateways(r -> r.filters(
                Ec2Lookup.labFilters(context, name(context)))).internetGateways().stream().findFirst();
    }

    private static boolean attachedTo(InternetGateway gateway, String vpcId) {
        return vpcId != null && gateway.attachments().stream().anyMatch(a -> vpcId.equals(a.vpcId()));
    }

    @Override
    public void apply(LabContext context) {
        String vpcId = context.state().require(ResourceKey.VPC, StepId.VPC);
        Optional<InternetGateway> found = find(context);
        String gatewayId;
        if (found.isPresent()) {
            gatewayId = found.get().internetGatewayId();
            if (!context.state().get(ResourceKey.INTERNET_GATEWAY).map(gatewayId::equals).orElse(false)) {
                context.resource(id(), "adopted " + gatewayId + " (" + name(context) + ")");
            }
        } else {
            gatewayId = CreateOnce.create(context, () -> find(context).map(InternetGateway::internetGatewayId),
                    once -> context.aws().ec2().createInternetGateway(r -> r.tagSpecifications(
                            Ec2Lookup.tagSpec(context, ResourceType.INTERNET_GATEWAY, name(context)))
                            .overrideConfiguration(once)).internetGateway().internetGatewayId());
            context.resource(id(), "created " + gatewayId + " (" + name(context) + ")");
        }
        context.state().put(ResourceKey.INTERNET_GATEWAY, gatewayId);
        if (found.isEmpty() || !attachedTo(found.get(), vpcId)) {
            try {
                context.retry().run(() -> context.aws().ec2().attachInternetGateway(r -> r.internetGatewayId(gatewayId)
                        .vpcId(vpcId)), Retry.codes("InvalidInternetGatewayID.NotFound", "InvalidVpcID.NotFound"));
            } catch (RuntimeException e) {
                // A reply lost after AWS attached it: the retry hears "already associated". Fine if it is ours.
                boolean attachedHere = dev.labconsole.aws.AwsErrors.hasCode(e, "Resource.AlreadyAssociated")
                        && context.aws().ec2().describeInternetGateways(r -> r.internetGatewayIds(gatewayId))
                                .internetGateways().stream().anyMatch(g -> attachedTo(g, vpcId));
                if (!attachedHere) {
                    throw e;
                }
            }
            context.resource(id(), "attached " + gatewayId + " to " + vpcId);
        }
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        String text = "internet gateway " + name(context) + " is attached to the lab VPC";
        Optional<InternetGateway> found = find(context);
        if (found.isEmpty()) {
            result.add(Requirement.unmet(id(), text, "no such gateway: create it (Network > Create) or name yours "
                    + name(context)));
            return result;
        }
        InternetGateway gateway = found.get();
        context.state().put(ResourceKey.INTERNET_GATEWAY, gateway.internetGatewayId());
        String vpcId = context.state().get(ResourceKey.VPC).orElse(null);
        boolean attached = attachedTo(gateway, vpcId);
        result.add(Requirement.check(id(), text, attached, attached
                ? gateway.internetGatewayId() + " attached to " + vpcId
                : gateway.internetGatewayId() + " is attached to " + gateway.attachments().stream()
                        .map(InternetGatewayAttachment::vpcId).toList() + ": aws ec2 attach-internet-gateway"
                        + " --internet-gateway-id " + gateway.internetGatewayId() + " --vpc-id " + vpcId));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        Optional<InternetGateway> found = findOwned(context);
        if (found.isEmpty()) {
            context.state().remove(ResourceKey.INTERNET_GATEWAY);
            return;
        }
        String gatewayId = found.get().internetGatewayId();
        for (InternetGatewayAttachment attachment : found.get().attachments()) {
            context.waiting(id(), "detaching " + gatewayId + " from " + attachment.vpcId() + " (retries while the NAT"
                    + " gateway and load balancer release their public addresses)");
            // NotFound for a gateway the describe above just returned is EC2's eventual consistency: retried.
            context.retry().run(() -> {
                try {
                    context.aws().ec2().detachInternetGateway(r -> r.internetGatewayId(gatewayId)
                            .vpcId(attachment.vpcId()));
                } catch (RuntimeException e) {
                    if (!AwsErrors.hasCode(e, "Gateway.NotAttached")) {
                        throw e;
                    }
                }
            }, PUBLIC_ADDRESSES_DRAINING.or(Retry.codes("InvalidInternetGatewayID.NotFound")));
        }
        try {
            context.retry().run(() -> context.aws().ec2().deleteInternetGateway(r -> r.internetGatewayId(gatewayId)),
                    Retry.codes("DependencyViolation"));
        } catch (RuntimeException e) {
            // A reply lost after AWS deleted it: the retry hears NotFound. Gone is what was asked for.
            boolean gone = AwsErrors.hasCode(e, "InvalidInternetGatewayID.NotFound")
                    && context.aws().ec2().describeInternetGateways(r -> r.filters(
                            Ec2Lookup.filter("internet-gateway-id", gatewayId))).internetGateways().isEmpty();
            if (!gone) {
                throw e;
            }
        }
        context.state().remove(ResourceKey.INTERNET_GATEWAY);
        context.resource(id(), "deleted " + gatewayId);
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return context.aws().ec2().describeInternetGateways(r -> r.filters(Ec2Lookup.labFilters(context, null)))
                .internetGateways().stream()
                .map(g -> new LabResource(id(), "internet gateway", Ec2Lookup.tag(g.tags(), "Name"),
                        g.internetGatewayId(), g.attachments().isEmpty() ? "detached"
                                : g.attachments().get(0).stateAsString(), 0))
                .toList();
    }
}
