package dev.labconsole.lab.steps;

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
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** The lab's VPC: {@code <lab>-vpc}, the lab's CIDR, DNS support and DNS host names on. */
public final class VpcStep implements Step {

    @Override
    public StepId id() {
        return StepId.VPC;
    }

    String name(LabContext context) {
        return context.name("vpc");
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "aws ec2 create-vpc --cidr-block " + context.config().vpcCidr()
                + " --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=" + name(context) + "},{Key="
                + LabContext.LAB_TAG + ",Value=" + context.config().lab() + "}]'\n"
                + "aws ec2 modify-vpc-attribute --vpc-id <vpc-id> --enable-dns-hostnames '{\"Value\":true}'";
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<Vpc> found = find(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        return found.get().vpcId().equals(context.state().get(ResourceKey.VPC).orElse(null))
                ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /**
     * The lab's VPC: the recorded one if it still exists, else the one tagged with the lab, else (a
     * VPC built by hand) one named {@code <lab>-vpc} with the lab's CIDR.
     */
    Optional<Vpc> find(LabContext context) {
        Optional<String> recorded = context.state().get(ResourceKey.VPC);
        if (recorded.isPresent()) {
            List<Vpc> vpcs = context.aws().ec2().describeVpcs(r -> r.filters(
                    Ec2Lookup.filter("vpc-id", recorded.get()))).vpcs();
            if (!vpcs.isEmpty()) {
                return Optional.of(vpcs.get(0));
            }
        }
        List<Vpc> tagged = context.aws().ec2().describeVpcs(r -> r.filters(Ec2Lookup.labFilters(context, null))).vpcs();
        if (!tagged.isEmpty()) {
            return Optional.of(tagged.get(0));
        }
        List<Vpc> byHand = context.aws().ec2().describeVpcs(r -> r.filters(
                Ec2Lookup.filter("tag:Name", name(context)),
                Ec2Lookup.filter("cidr-block-association.cidr-block", context.config().vpcCidr()))).vpcs();
        return byHand.stream().findFirst();
    }

    @Override
    public void apply(LabContext context) {
        Optional<Vpc> found = find(context);
        String vpcId;
        if (found.isPresent()) {
            vpcId = found.get().vpcId();
            if (!context.state().get(ResourceKey.VPC).map(vpcId::equals).orElse(false)) {
                context.resource(id(), "adopted " + vpcId + " (" + name(context) + ")");
            }
        } else {
            vpcId = CreateOnce.create(context, () -> findOwned(context).map(Vpc::vpcId),
                    once -> context.aws().ec2().createVpc(r -> r.cidrBlock(context.config().vpcCidr())
                            .tagSpecifications(Ec2Lookup.tagSpec(context, ResourceType.VPC, name(context)))
                            .overrideConfiguration(once)).vpc().vpcId());
            context.resource(id(), "created " + vpcId + " (" + name(context) + ", " + context.config().vpcCidr() + ")");
        }
        context.state().put(ResourceKey.VPC, vpcId);
        // Right after a create, the VPC may not be visible yet to the attribute calls.
        context.retry().run(() -> context.aws().ec2().modifyVpcAttribute(r -> r.vpcId(vpcId)
                .enableDnsSupport(AttributeBooleanValue.builder().value(true).build())),
                Retry.codes("InvalidVpcID.NotFound"));
        context.retry().run(() -> context.aws().ec2().modifyVpcAttribute(r -> r.vpcId(vpcId)
                .enableDnsHostnames(AttributeBooleanValue.builder().value(true).build())),
                Retry.codes("InvalidVpcID.NotFound"));
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        Optional<Vpc> found = find(context);
        String text = "VPC " + name(context) + " with CIDR " + context.config().vpcCidr();
        if (found.isEmpty()) {
            result.add(Requirement.unmet(id(), text, "no such VPC: create it (Network > Create) or name yours "
                    + name(context)));
            return result;
        }
        Vpc vpc = found.get();
        context.state().put(ResourceKey.VPC, vpc.vpcId());
        result.add(Requirement.check(id(), text, context.config().vpcCidr().equals(vpc.cidrBlock()),
                vpc.vpcId() + " has " + vpc.cidrBlock()));
        boolean hostnames = context.aws().ec2().describeVpcAttribute(r -> r.vpcId(vpc.vpcId())
                .attribute("enableDnsHostnames")).enableDnsHostnames().value();
        result.add(Requirement.check(id(), "VPC has DNS host names enabled", hostnames,
                hostnames ? "on" : "off: aws ec2 modify-vpc-attribute --vpc-id " + vpc.vpcId()
                        + " --enable-dns-hostnames '{\"Value\":true}'"));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        Optional<Vpc> found = findOwned(context);
        if (found.isEmpty()) {
            context.state().remove(ResourceKey.VPC);
            return;
        }
        String vpcId = found.get().vpcId();
        context.waiting(id(), "deleting " + vpcId + " (retries while network interfaces of the load balancer and"
                + " tasks drain, which can take minutes)");
        context.retry().run(() -> context.aws().ec2().deleteVpc(r -> r.vpcId(vpcId)),
                Retry.codes("DependencyViolation"));
        context.state().remove(ResourceKey.VPC);
        context.resource(id(), "deleted " + vpcId);
    }

    /** For teardown: only the recorded or lab-tagged VPC, never a same-named one the lab did not tag. */
    private Optional<Vpc> findOwned(LabContext context) {
        Optional<String> recorded = context.state().get(ResourceKey.VPC);
        if (recorded.isPresent()) {
            List<Vpc> vpcs = context.aws().ec2().describeVpcs(r -> r.filters(
                    Ec2Lookup.filter("vpc-id", recorded.get()))).vpcs();
            if (!vpcs.isEmpty()) {
                return Optional.of(vpcs.get(0));
            }
        }
        return context.aws().ec2().describeVpcs(r -> r.filters(Ec2Lookup.labFilters(context, null))).vpcs()
                .stream().findFirst();
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return context.aws().ec2().describeVpcs(r -> r.filters(Ec2Lookup.labFilters(context, null))).vpcs().stream()
                .map(v -> new LabResource(id(), "VPC", Ec2Lookup.tag(v.tags(), "Name"), v.vpcId(), v.stateAsString(), 0))
                .toList();
    }
}
