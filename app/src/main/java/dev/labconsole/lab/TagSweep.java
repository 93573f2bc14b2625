package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * After a teardown, a second look by the lab's tag ({@code labconsole:lab=<lab>}) at every kind of
 * network resource, independent of the steps' own lookups: what it finds that they did not report is
 * left too, and a lookup that fails makes its kind unknown.
 */
final class TagSweep {

    private TagSweep() {
    }

    /** Adds to {@code found} what carries the lab's tag and is not in it yet; failures to {@code unknown}. */
    static void sweep(AwsClients aws, String lab, List<LabResource> found, List<LabInventory.Unknown> unknown) {
        Set<String> known = new java.util.HashSet<>();
        found.forEach(r -> known.add(r.id()));
        Filter tag = Filter.builder().name("tag:" + LabContext.LAB_TAG).values(lab).build();
        look("VPCs", StepId.VPC, unknown, () -> aws.ec2().describeVpcs(r -> r.filters(tag)).vpcs().stream()
                .map(v -> new LabResource(StepId.VPC, "VPC", name(v.tags()), v.vpcId(), v.stateAsString(), 0)).toList(),
                known, found);
        look("subnets", StepId.SUBNETS, unknown, () -> aws.ec2().describeSubnets(r -> r.filters(tag)).subnets().stream()
                .map(s -> new LabResource(StepId.SUBNETS, "subnet", name(s.tags()), s.subnetId(), s.stateAsString(), 0))
                .toList(), known, found);
        look("internet gateways", StepId.INTERNET_GATEWAY, unknown, () -> aws.ec2().describeInternetGateways(r -> r
                .filters(tag)).internetGateways().stream().map(g -> new LabResource(StepId.INTERNET_GATEWAY,
                        "internet gateway", name(g.tags()), g.internetGatewayId(), "exists", 0)).toList(), known, found);
        look("route tables", StepId.PUBLIC_ROUTES, unknown, () -> aws.ec2().describeRouteTables(r -> r.filters(tag))
                .routeTables().stream().map(t -> new LabResource(StepId.PUBLIC_ROUTES, "route table", name(t.tags()),
                        t.routeTableId(), "exists", 0)).toList(), known, found);
        look("security groups", StepId.SECURITY_GROUPS, unknown, () -> aws.ec2().describeSecurityGroups(r -> r
                .filters(tag)).securityGroups().stream().map(g -> new LabResource(StepId.SECURITY_GROUPS,
                        "security group", g.groupName(), g.groupId(), "exists", 0)).toList(), known, found);
        // Some emulators ignore this call's tag filter: the tag is checked here too. Deleted gateways stay listed.
        look("NAT gateways", StepId.NAT_GATEWAY, unknown, () -> aws.ec2().describeNatGatewaysPaginator(r -> r
                .filter(tag)).natGateways().stream()
                .filter(n -> lab.equals(value(n.tags(), LabContext.LAB_TAG)) && !"deleted".equals(n.stateAsString()))
                .map(n -> new LabResource(StepId.NAT_GATEWAY, "NAT gateway", name(n.tags()), n.natGatewayId(),
                        n.stateAsString(), Pricing.NAT_GATEWAY)).toList(), known, found);
        look("Elastic IPs", StepId.NAT_GATEWAY, unknown, () -> aws.ec2().describeAddresses(r -> r.filters(tag))
                .addresses().stream().map(a -> new LabResource(StepId.NAT_GATEWAY, "Elastic IP", name(a.tags()),
                        a.allocationId(), a.publicIp(), Pricing.PUBLIC_IPV4)).toList(), known, found);
    }

    private static void look(String what, StepId step, List<LabInventory.Unknown> unknown,
            Supplier<List<LabResource>> lookup, Set<String> known, List<LabResource> found) {
        try {
            for (LabResource resource : lookup.get()) {
                if (known.add(resource.id())) {
                    found.add(resource);
                }
            }
        } catch (RuntimeException e) {
            unknown.add(new LabInventory.Unknown(step, "the lab's tagged " + what,
                    AwsErrors.explain("looking for the lab's tagged " + what, e).getMessage()));
        }
    }

    private static String name(List<Tag> tags) {
        return value(tags, "Name");
    }

    private static String value(List<Tag> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }
}
