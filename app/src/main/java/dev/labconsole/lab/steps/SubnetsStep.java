package dev.labconsole.lab.steps;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * The lab's four subnets: {@code <lab>-public-subnet-1/2} (load balancer, NAT gateway; public IPs on
 * launch) and {@code <lab>-private-subnet-1/2} (the tasks), one public and one private in each of
 * the region's first two availability zones.
 */
public final class SubnetsStep implements Step {

    /** One of the four subnets: its name suffix, state key, CIDR and zone index. */
    record Slot(String suffix, ResourceKey key, boolean isPublic, int index) {

        String cidr(LabContext context) {
            return (isPublic ? context.config().publicSubnetCidrs() : context.config().privateSubnetCidrs())
                    .get(index);
        }

        String name(LabContext context) {
            return context.name(suffix);
        }
    }

    static final List<Slot> SLOTS = List.of(
            new Slot("public-subnet-1", ResourceKey.PUBLIC_SUBNET_1, true, 0),
            new Slot("public-subnet-2", ResourceKey.PUBLIC_SUBNET_2, true, 1),
            new Slot("private-subnet-1", ResourceKey.PRIVATE_SUBNET_1, false, 0),
            new Slot("private-subnet-2", ResourceKey.PRIVATE_SUBNET_2, false, 1));

    @Override
    public StepId id() {
        return StepId.SUBNETS;
    }

    @Override
    public String cliEquivalent(LabContext context) {
        StringBuilder cli = new StringBuilder("aws ec2 describe-availability-zones --filters Name=state,Values=available"
                + " --query 'AvailabilityZones[0:2].ZoneName'\n");
        for (Slot slot : SLOTS) {
            cli.append("aws ec2 create-subnet --vpc-id <vpc-id> --cidr-block ").append(slot.cidr(context))
                    .append(" --availability-zone <zone-").append(slot.index() + 1).append(">")
                    .append(" --tag-specifications 'ResourceType=subnet,Tags=[{Key=Name,Value=")
                    .append(slot.name(context)).append("},{Key=").append(LabContext.LAB_TAG).append(",Value=")
                    .append(context.config().lab()).append("}]'\n");
        }
        for (Slot slot : SLOTS) {
            if (slot.isPublic()) {
                cli.append("aws ec2 modify-subnet-attribute --subnet-id <").append(slot.suffix())
                        .append("-id> --map-public-ip-on-launch\n");
            }
        }
        return cli.toString().strip();
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<String> vpcId = context.state().get(ResourceKey.VPC);
        boolean allRecorded = true;
        for (Slot slot : SLOTS) {
            Optional<Subnet> found = find(context, slot, vpcId.orElse(null));
            if (found.isEmpty()) {
                return PlanAction.CREATE;
            }
            allRecorded &= found.get().subnetId().equals(context.state().get(slot.key()).orElse(null));
        }
        return allRecorded ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /**
     * The subnet for {@code slot}: the recorded one, else the one tagged with the lab and its Name,
     * else (built by hand) the subnet of the lab's VPC with the slot's CIDR.
     */
    Optional<Subnet> find(LabContext context, Slot slot, String vpcId) {
        Optional<String> recorded = context.state().get(slot.key());
        if (recorded.isPresent()) {
            List<Subnet> subnets = context.aws().ec2().describeSubnets(r -> r.filters(
                    Ec2Lookup.filter("subnet-id", recorded.get()))).subnets();
            if (!subnets.isEmpty()) {
                return Optional.of(subnets.get(0));
            }
        }
        List<Subnet> tagged = context.aws().ec2().describeSubnets(r -> r.filters(
                Ec2Lookup.labFilters(context, slot.name(context)))).subnets();
        if (!tagged.isEmpty()) {
            return Optional.of(tagged.get(0));
        }
        if (vpcId == null) {
            return Optional.empty();
        }
        return context.aws().ec2().describeSubnets(r -> r.filters(Ec2Lookup.filter("vpc-id", vpcId),
                Ec2Lookup.filter("cidr-block", slot.cidr(context)))).subnets().stream().findFirst();
    }

    /** The region's first two available zones, by name, or a clear error when it has fewer. */
    static List<String> firstTwoZones(LabContext context) {
        List<String> zones = context.aws().ec2().describeAvailabilityZones(r -> r.filters(
                Ec2Lookup.filter("state", "available"))).availabilityZones().stream()
                .map(AvailabilityZone::zoneName).sorted().toList();
        if (zones.size() < 2) {
            throw new AwsProblem("region " + context.region() + " has fewer than two availability zones available"
                    + " (found " + zones + "): the lab needs two for the load balancer; choose another region,"
                    + " e.g. us-east-1", null, null);
        }
        return zones.subList(0, 2);
    }

    @Override
    public void apply(LabContext context) {
        String vpcId = context.state().require(ResourceKey.VPC, StepId.VPC);
        List<String> zones = firstTwoZones(context);
        for (Slot slot : SLOTS) {
            context.checkCancelled();
            Optional<Subnet> found = find(context, slot, vpcId);
            String subnetId;
            if (found.isPresent()) {
                subnetId = found.get().subnetId();
                if (!context.state().get(slot.key()).map(subnetId::equals).orElse(false)) {
                    context.resource(id(), "adopted " + subnetId + " (" + slot.name(context) + ", "
                            + found.get().cidrBlock() + ", " + found.get().availabilityZone() + ")");
                }
            } else {
                String zone = zones.get(slot.index());
                // Right after the VPC's create, the VPC may not be visible yet.
                subnetId = CreateOnce.create(context, () -> find(context, slot, vpcId).map(Subnet::subnetId),
                        once -> context.aws().ec2().createSubnet(r -> r.vpcId(vpcId)
                                .cidrBlock(slot.cidr(context)).availabilityZone(zone)
                                .tagSpecifications(Ec2Lookup.tagSpec(context, ResourceType.SUBNET, slot.name(context)))
                                .overrideConfiguration(once)).subnet().subnetId(), "InvalidVpcID.NotFound");
                context.resource(id(), "created " + subnetId + " (" + slot.name(context) + ", " + slot.cidr(context)
                        + ", " + zone + ")");
            }
            context.state().put(slot.key(), subnetId);
            if (slot.isPublic()) {
                context.retry().run(() -> context.aws().ec2().modifySubnetAttribute(r -> r.subnetId(subnetId)
                        .mapPublicIpOnLaunch(AttributeBooleanValue.builder().value(true).build())),
                        Retry.codes("InvalidSubnetID.NotFound"));
            }
        }
        context.state().put(ResourceKey.AVAILABILITY_ZONES, String.join(",", zones));
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        String vpcId = context.state().get(ResourceKey.VPC).orElse(null);
        Set<String> zones = new LinkedHashSet<>();
        List<Subnet> found = new ArrayList<>();
        for (Slot slot : SLOTS) {
            String text = slot.suffix() + " (" + slot.name(context) + ") with CIDR " + slot.cidr(context)
                    + " in the lab VPC";
            Optional<Subnet> subnet = find(context, slot, vpcId);
            if (subnet.isEmpty()) {
                result.add(Requirement.unmet(id(), text, "no such subnet: create it (Network > Create) or name yours "
                        + slot.name(context)));
                continue;
            }
            Subnet s = subnet.get();
            found.add(s);
            context.state().put(slot.key(), s.subnetId());
            zones.add(s.availabilityZone());
            boolean rightCidr = slot.cidr(context).equals(s.cidrBlock());
            boolean rightVpc = vpcId == null || vpcId.equals(s.vpcId());
            result.add(Requirement.check(id(), text, rightCidr && rightVpc, s.subnetId() + " has " + s.cidrBlock()
                    + " in " + s.vpcId() + (rightVpc ? "" : " (the lab VPC is " + vpcId + ")")));
            if (slot.isPublic()) {
                boolean mapsIp = Boolean.TRUE.equals(s.mapPublicIpOnLaunch());
                result.add(Requirement.check(id(), slot.suffix() + " assigns public IPs on launch", mapsIp,
                        mapsIp ? "on" : "off: aws ec2 modify-subnet-attribute --subnet-id " + s.subnetId()
                                + " --map-public-ip-on-launch"));
            }
        }
        if (found.size() == SLOTS.size()) {
            boolean twoZones = zones.size() == 2
                    && !found.get(0).availabilityZone().equals(found.get(1).availabilityZone())
                    && !found.get(2).availabilityZone().equals(found.get(3).availabilityZone());
            result.add(Requirement.check(id(), "subnets span two availability zones (one public and one private in each)",
                    twoZones, "zones " + zones));
            if (twoZones) {
                context.state().put(ResourceKey.AVAILABILITY_ZONES, String.join(",",
                        found.get(0).availabilityZone(), found.get(1).availabilityZone()));
            }
        }
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        List<String> left = new ArrayList<>();
        for (Slot slot : SLOTS) {
            Optional<Subnet> owned = findOwned(context, slot);
            if (owned.isEmpty()) {
                context.state().remove(slot.key());
                continue;
            }
            String subnetId = owned.get().subnetId();
            try {
                // Network interfaces of the load balancer and tasks drain for a while after their deletion.
                context.retry().run(() -> context.aws().ec2().deleteSubnet(r -> r.subnetId(subnetId)),
                        Retry.codes("DependencyViolation"));
                context.state().remove(slot.key());
                context.resource(id(), "deleted " + subnetId + " (" + slot.name(context) + ")");
            } catch (RuntimeException e) {
                if (e instanceof Retry.CancelledException) {
                    throw e;
                }
                left.add(subnetId + " (" + e.getMessage() + ")");
            }
        }
        if (!left.isEmpty()) {
            throw new AwsProblem("could not delete subnet(s) " + String.join(", ", left), "DependencyViolation", null);
        }
        context.state().remove(ResourceKey.AVAILABILITY_ZONES);
    }

    /** For teardown: only the recorded or lab-tagged subnet, never a same-shaped one the lab did not tag. */
    private Optional<Subnet> findOwned(LabContext context, Slot slot) {
        return find(context, slot, null);
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return context.aws().ec2().describeSubnets(r -> r.filters(Ec2Lookup.labFilters(context, null))).subnets()
                .stream()
                .map(s -> new LabResource(id(), "subnet", Ec2Lookup.tag(s.tags(), "Name"), s.subnetId(),
                        s.stateAsString(), 0))
                .toList();
    }
}
