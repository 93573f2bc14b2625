package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.Poll;
import dev.labconsole.aws.Retry;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Pricing;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The Elastic IP {@code <lab>-nat-eip} and the NAT gateway {@code <lab>-nat} in public-subnet-1 that
 * uses it, so tasks in the private subnets reach ECR, S3 and CloudWatch. The costliest part of the
 * network: it bills by the hour from creation until teardown.
 */
public final class NatGatewayStep implements Step {

    /** NAT gateways in these states are gone or going: never adopted, never waited for. */
    private static final Set<String> GONE = Set.of("deleted", "deleting", "failed");

    @Override
    public StepId id() {
        return StepId.NAT_GATEWAY;
    }

    String name(LabContext context) {
        return context.name("nat");
    }

    String addressName(LabContext context) {
        return context.name("nat-eip");
    }

    @Override
    public String cliEquivalent(LabContext context) {
        String tags = "{Key=" + LabContext.LAB_TAG + ",Value=" + context.config().lab() + "}]'";
        return "aws ec2 allocate-address --domain vpc --tag-specifications 'ResourceType=elastic-ip,Tags=[{Key=Name,"
                + "Value=" + addressName(context) + "}," + tags + "\n"
                + "aws ec2 create-nat-gateway --subnet-id <public-subnet-1-id> --allocation-id <eipalloc-id>"
                + " --client-token " + clientToken(context, "<eipalloc-id>")
                + " --tag-specifications 'ResourceType=natgateway,Tags=[{Key=Name,Value=" + name(context) + "},"
                + tags + "\n"
                + "aws ec2 wait nat-gateway-available --nat-gateway-ids <nat-id>";
    }

    /**
     * The same for the same lab, region and address, so a create retried after a lost answer returns
     * the gateway the first call made instead of a second one billing by the hour.
     */
    static String clientToken(LabContext context, String allocationId) {
        return UUID.nameUUIDFromBytes(("labconsole/" + context.config().lab() + "/" + context.region() + "/"
                + allocationId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<Address> address = findAddress(context);
        Optional<NatGateway> gateway = find(context);
        if (address.isEmpty() || gateway.isEmpty()) {
            return PlanAction.CREATE;
        }
        return address.get().allocationId().equals(context.state().get(ResourceKey.ELASTIC_IP).orElse(null))
                && gateway.get().natGatewayId().equals(context.state().get(ResourceKey.NAT_GATEWAY).orElse(null))
                ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /** The lab's Elastic IP: the recorded one, else the one tagged with the lab and its Name. */
    Optional<Address> findAddress(LabContext context) {
        Optional<String> recorded = context.state().get(ResourceKey.ELASTIC_IP);
        if (recorded.isPresent()) {
            List<Address> addresses = context.aws().ec2().describeAddresses(r -> r.filters(
                    Ec2Lookup.filter("allocation-id", recorded.get()))).addresses();
            if (!addresses.isEmpty()) {
                return Optional.of(addresses.get(0));
            }
        }
        return context.aws().ec2().describeAddresses(r -> r.filters(
                Ec2Lookup.labFilters(context, addressName(context)))).addresses().stream().findFirst();
    }

    /**
     * The lab's NAT gateway (never a deleted or failed one): the recorded one, else the one tagged
     * with the lab, else (built by hand) one in public-subnet-1.
     */
    Optional<NatGateway> find(LabContext context) {
        Optional<NatGateway> owned = findOwned(context);
        if (owned.isPresent()) {
            return owned;
        }
        Optional<String> subnetId = context.state().get(ResourceKey.PUBLIC_SUBNET_1);
        if (subnetId.isEmpty()) {
            return Optional.empty();
        }
        return live(context.aws().ec2().describeNatGateways(r -> r.filter(
                Ec2Lookup.filter("subnet-id", subnetId.get()))).natGateways().stream()
                .filter(g -> subnetId.get().equals(g.subnetId())).toList());
    }

    /** For teardown: only the recorded or lab-tagged gateway. */
    private Optional<NatGateway> findOwned(LabContext context) {
        Optional<String> recorded = context.state().get(ResourceKey.NAT_GATEWAY);
        if (recorded.isPresent()) {
            Optional<NatGateway> gateway = live(context.aws().ec2().describeNatGateways(r -> r.filter(
                    Ec2Lookup.filter("nat-gateway-id", recorded.get()))).natGateways().stream()
                    .filter(g -> recorded.get().equals(g.natGatewayId())).toList());
            if (gateway.isPresent()) {
                return gateway;
            }
        }
        return live(taggedGateways(context, name(context)));
    }

    /** The lab's gateways (with that Name unless null), checked here too since moto ignores the tag filter. */
    private static List<NatGateway> taggedGateways(LabContext context, String name) {
        return context.aws().ec2().describeNatGateways(r -> r.filter(Ec2Lookup.labFilters(context, name)))
                .natGateways().stream().filter(g -> Ec2Lookup.tagged(g.tags(), context, name)).toList();
    }

    private static Optional<NatGateway> live(List<NatGateway> gateways) {
        return gateways.stream().filter(g -> !GONE.contains(g.stateAsString())).findFirst();
    }

    @Override
    public void apply(LabContext context) {
        String subnetId = context.state().require(ResourceKey.PUBLIC_SUBNET_1, StepId.SUBNETS);
        Optional<NatGateway> found = find(context);
        Optional<Address> address = findAddress(context);
        String allocationId;
        if (address.isPresent()) {
            allocationId = address.get().allocationId();
            if (!context.state().get(ResourceKey.ELASTIC_IP).map(allocationId::equals).orElse(false)) {
                context.resource(id(), "adopted " + allocationId + " (" + addressName(context) + ", "
                        + address.get().publicIp() + ")");
            }
        } else if (found.isPresent() && !found.get().natGatewayAddresses().isEmpty()) {
            // A hand-built gateway comes with its own address: adopt that one rather than allocate another.
            allocationId = found.get().natGatewayAddresses().get(0).allocationId();
            context.resource(id(), "adopted " + allocationId + " (the address of " + found.get().natGatewayId() + ")");
        } else {
            allocationId = CreateOnce.create(context, () -> findAddress(context).map(Address::allocationId),
                    once -> context.aws().ec2().allocateAddress(r -> r.domain(DomainType.VPC)
                            .tagSpecifications(Ec2Lookup.tagSpec(context, ResourceType.ELASTIC_IP, addressName(context)))
                            .overrideConfiguration(once)).allocationId());
            context.resource(id(), "allocated " + allocationId + " (" + addressName(context) + ")");
        }
        context.state().put(ResourceKey.ELASTIC_IP, allocationId);

        String gatewayId;
        if (found.isPresent()) {
            gatewayId = found.get().natGatewayId();
            if (!context.state().get(ResourceKey.NAT_GATEWAY).map(gatewayId::equals).orElse(false)) {
                context.resource(id(), "adopted " + gatewayId + " (" + name(context) + ")");
            }
        } else {
            NatGateway created = create(context, subnetId, allocationId, clientToken(context, allocationId));
            if (GONE.contains(created.stateAsString())) {
                // The token was used before for a gateway since deleted: AWS answers with that one.
                created = create(context, subnetId, allocationId, UUID.randomUUID().toString());
            }
            gatewayId = created.natGatewayId();
            context.resource(id(), "created " + gatewayId + " (" + name(context) + " in public-subnet-1 "
                    + subnetId + ")");
        }
        context.state().put(ResourceKey.NAT_GATEWAY, gatewayId);
        waitAvailable(context, gatewayId);
    }

    private NatGateway create(LabContext context, String subnetId, String allocationId, String token) {
        return context.retry().call(() -> context.aws().ec2().createNatGateway(r -> r.subnetId(subnetId)
                .allocationId(allocationId).clientToken(token)
                .tagSpecifications(Ec2Lookup.tagSpec(context, ResourceType.NATGATEWAY, name(context))))
                .natGateway(), Retry.codes("InvalidSubnetID.NotFound", "InvalidAllocationID.NotFound"));
    }

    private void waitAvailable(LabContext context, String gatewayId) {
        context.waiting(id(), "waiting for the NAT gateway to become available, usually 1-2 minutes");
        try {
            context.poll().until("the NAT gateway " + gatewayId + " to become available", context.waitTimeout(), () -> {
                Optional<NatGateway> gateway = lookUp(context, gatewayId);
                if (gateway.isEmpty()) {
                    // Right after the create, describe may not know the id yet.
                    return Poll.Look.pending("AWS does not list " + gatewayId + " yet");
                }
                String state = gateway.get().stateAsString();
                String why = gateway.get().failureMessage() == null ? "" : " (" + gateway.get().failureMessage() + ")";
                if ("available".equals(state)) {
                    return Poll.Look.done();
                }
                if (GONE.contains(state)) {
                    throw new AwsProblem("the NAT gateway " + gatewayId + " is " + state + why + ": delete it (Clean"
                            + " up) and create it again", gateway.get().failureCode(), null);
                }
                return Poll.Look.pending("it is still " + state + why);
            });
        } catch (Poll.TimeoutException e) {
            throw new AwsProblem(e.getMessage() + "; run Create again to keep waiting, or delete it and retry", null,
                    e);
        }
        context.progress(id(), gatewayId + " is available");
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        Optional<Address> address = findAddress(context);
        Optional<NatGateway> found = find(context);
        String addressText = "Elastic IP " + addressName(context) + " for the NAT gateway";
        String gatewayText = "NAT gateway " + name(context) + " is available in public-subnet-1";
        if (found.isEmpty()) {
            result.add(Requirement.check(id(), addressText, address.isPresent(), address.map(a -> a.allocationId()
                    + " (" + a.publicIp() + ")").orElse("no such address: create it (Network > Create)")));
            result.add(Requirement.unmet(id(), gatewayText, "no such NAT gateway: create it (Network > Create) or"
                    + " name yours " + name(context)));
            return result;
        }
        NatGateway gateway = found.get();
        context.state().put(ResourceKey.NAT_GATEWAY, gateway.natGatewayId());
        List<String> gatewayAllocations = gateway.natGatewayAddresses().stream()
                .map(NatGatewayAddress::allocationId).toList();
        if (address.isEmpty() && !gatewayAllocations.isEmpty()) {
            context.state().put(ResourceKey.ELASTIC_IP, gatewayAllocations.get(0));
            result.add(Requirement.met(id(), addressText, gatewayAllocations.get(0) + " (the gateway's address)"));
        } else {
            address.ifPresent(a -> context.state().put(ResourceKey.ELASTIC_IP, a.allocationId()));
            result.add(Requirement.check(id(), addressText, address.isPresent(), address.map(a -> a.allocationId()
                    + " (" + a.publicIp() + ")").orElse("no address")));
        }
        String subnetId = context.state().get(ResourceKey.PUBLIC_SUBNET_1).orElse(null);
        boolean available = "available".equals(gateway.stateAsString());
        boolean inSubnet = subnetId == null || subnetId.equals(gateway.subnetId());
        result.add(Requirement.check(id(), gatewayText, available && inSubnet, gateway.natGatewayId() + " is "
                + gateway.stateAsString() + " in " + gateway.subnetId()
                + (inSubnet ? "" : " (public-subnet-1 is " + subnetId + ")")));
        String allocation = context.state().get(ResourceKey.ELASTIC_IP).orElse(null);
        result.add(Requirement.check(id(), "NAT gateway uses the lab's Elastic IP",
                allocation != null && gatewayAllocations.contains(allocation),
                "gateway addresses " + gatewayAllocations + ", lab address " + allocation));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        Optional<NatGateway> found = findOwned(context);
        if (found.isPresent()) {
            String gatewayId = found.get().natGatewayId();
            context.aws().ec2().deleteNatGateway(r -> r.natGatewayId(gatewayId));
            waitDeleted(context, gatewayId);
            context.resource(id(), "deleted " + gatewayId);
        } else {
            // A teardown stopped while the gateway was deleting: its address is still mapped until it ends.
            Optional<NatGateway> deleting = deleting(context);
            if (deleting.isPresent()) {
                waitDeleted(context, deleting.get().natGatewayId());
            }
        }
        context.state().remove(ResourceKey.NAT_GATEWAY);

        Optional<Address> address = findAddress(context);
        if (address.isPresent()) {
            String allocationId = address.get().allocationId();
            // The address stays mapped for a moment after the gateway reports deleted.
            context.retry().run(() -> context.aws().ec2().releaseAddress(r -> r.allocationId(allocationId)),
                    Retry.codes("InvalidIPAddress.InUse", "AuthFailure", "InvalidAddress.Locked"));
            context.resource(id(), "released " + allocationId + " (" + address.get().publicIp() + ")");
        }
        context.state().remove(ResourceKey.ELASTIC_IP);
    }

    private void waitDeleted(LabContext context, String gatewayId) {
        context.waiting(id(), "deleting " + gatewayId + ", usually about a minute (its Elastic IP can be released"
                + " only after)");
        try {
            context.poll().until("the NAT gateway " + gatewayId + " to be deleted", context.waitTimeout(), () -> {
                Optional<NatGateway> gateway = lookUp(context, gatewayId);
                if (gateway.isEmpty() || "deleted".equals(gateway.get().stateAsString())) {
                    return Poll.Look.done();
                }
                return Poll.Look.pending("it is still " + gateway.get().stateAsString());
            });
        } catch (Poll.TimeoutException e) {
            throw new AwsProblem(e.getMessage() + "; run Delete again to keep waiting", null, e);
        }
    }

    /** The gateway as AWS lists it now; empty when AWS does not know the id (yet, or any more). */
    private static Optional<NatGateway> lookUp(LabContext context, String gatewayId) {
        try {
            return context.aws().ec2().describeNatGateways(r -> r.natGatewayIds(gatewayId)).natGateways().stream()
                    .findFirst();
        } catch (RuntimeException e) {
            if (Retry.codes("InvalidNatGatewayID.NotFound", "NatGatewayNotFound").test(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The recorded or lab-tagged gateway still in state deleting, if any. */
    private Optional<NatGateway> deleting(LabContext context) {
        List<NatGateway> gateways = new ArrayList<>(taggedGateways(context, name(context)));
        context.state().get(ResourceKey.NAT_GATEWAY).ifPresent(recorded -> gateways.addAll(context.aws().ec2()
                .describeNatGateways(r -> r.filter(Ec2Lookup.filter("nat-gateway-id", recorded))).natGateways()
                .stream().filter(g -> recorded.equals(g.natGatewayId())).toList()));
        return gateways.stream().filter(g -> "deleting".equals(g.stateAsString())).findFirst();
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        List<LabResource> result = new ArrayList<>();
        taggedGateways(context, null).stream().filter(g -> !"deleted".equals(g.stateAsString()))
                .forEach(g -> result.add(new LabResource(id(), "NAT gateway", Ec2Lookup.tag(g.tags(), "Name"),
                        g.natGatewayId(), g.stateAsString(), Pricing.NAT_GATEWAY)));
        context.aws().ec2().describeAddresses(r -> r.filters(Ec2Lookup.labFilters(context, null))).addresses()
                .forEach(a -> result.add(new LabResource(id(), "Elastic IP", Ec2Lookup.tag(a.tags(), "Name"),
                        a.allocationId(), a.associationId() == null ? "unassociated" : "in use", Pricing.PUBLIC_IPV4)));
        return result;
    }

    @Override
    public double plannedHourlyUsd(LabConfig config) {
        return Pricing.NAT_GATEWAY + Pricing.PUBLIC_IPV4;
    }
}
