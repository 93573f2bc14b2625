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
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * What the public and private route tables share: a lab-tagged table in the lab's VPC whose default
 * route ({@code 0.0.0.0/0}) goes to one gateway, associated with two of the lab's subnets.
 */
abstract class RouteTableStep implements Step {

    static final String DEFAULT_ROUTE = "0.0.0.0/0";

    /** "public" or "private": names the table ({@code <lab>-public-rt}) and its requirements. */
    abstract String kind();

    abstract ResourceKey tableKey();

    /** The state key of the default route's target, and the step that records it. */
    abstract ResourceKey targetKey();

    abstract StepId targetProducer();

    /** "internet gateway" or "NAT gateway". */
    abstract String targetWord();

    /** Whether the default route targets a NAT gateway (else an internet gateway). */
    abstract boolean natTarget();

    /** The two subnets the table serves, as {@link SubnetsStep.Slot}s. */
    abstract List<SubnetsStep.Slot> subnets();

    String name(LabContext context) {
        return context.name(kind() + "-rt");
    }

    @Override
    public String cliEquivalent(LabContext context) {
        String target = natTarget() ? "--nat-gateway-id <nat-id>" : "--gateway-id <igw-id>";
        StringBuilder cli = new StringBuilder("aws ec2 create-route-table --vpc-id <vpc-id>"
                + " --tag-specifications 'ResourceType=route-table,Tags=[{Key=Name,Value=" + name(context)
                + "},{Key=" + LabContext.LAB_TAG + ",Value=" + context.config().lab() + "}]'\n"
                + "aws ec2 create-route --route-table-id <rtb-id> --destination-cidr-block " + DEFAULT_ROUTE + " "
                + target);
        for (SubnetsStep.Slot slot : subnets()) {
            cli.append("\naws ec2 associate-route-table --route-table-id <rtb-id> --subnet-id <")
                    .append(slot.suffix()).append("-id>");
        }
        return cli.toString();
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<RouteTable> found = find(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        return found.get().routeTableId().equals(context.state().get(tableKey()).orElse(null))
                && defaultRouteTarget(found.get()) != null
                && defaultRouteTarget(found.get()).equals(context.state().get(targetKey()).orElse(null))
                ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /**
     * The table: the recorded one, else the one tagged with the lab and its Name, else (built by hand)
     * a table named {@code <lab>-<kind>-rt} in the lab's VPC, else a table there whose default route
     * goes to this kind of gateway.
     */
    Optional<RouteTable> find(LabContext context) {
        Optional<RouteTable> owned = findOwned(context);
        if (owned.isPresent()) {
            return owned;
        }
        Optional<String> vpcId = context.state().get(ResourceKey.VPC);
        if (vpcId.isEmpty()) {
            return Optional.empty();
        }
        List<RouteTable> inVpc = context.aws().ec2().describeRouteTables(r -> r.filters(
                Ec2Lookup.filter("vpc-id", vpcId.get()))).routeTables().stream().filter(t -> !Ec2Lookup.isMain(t))
                .toList();
        Optional<RouteTable> named = inVpc.stream()
                .filter(t -> name(context).equals(Ec2Lookup.tag(t.tags(), "Name"))).findFirst();
        if (named.isPresent()) {
            return named;
        }
        // Built by hand under another name: the table whose default route goes to this kind of gateway.
        String prefix = natTarget() ? "nat-" : "igw-";
        return inVpc.stream().filter(t -> {
            String target = defaultRouteTarget(t);
            return target != null && target.startsWith(prefix);
        }).findFirst();
    }

    /** For teardown: only the recorded or lab-tagged table. */
    private Optional<RouteTable> findOwned(LabContext context) {
        Optional<String> recorded = context.state().get(tableKey());
        if (recorded.isPresent()) {
            List<RouteTable> tables = context.aws().ec2().describeRouteTables(r -> r.filters(
                    Ec2Lookup.filter("route-table-id", recorded.get()))).routeTables();
            if (!tables.isEmpty()) {
                return Optional.of(tables.get(0));
            }
        }
        return context.aws().ec2().describeRouteTables(r -> r.filters(Ec2Lookup.labFilters(context, name(context))))
                .routeTables().stream().filter(t -> !Ec2Lookup.isMain(t)).findFirst();
    }

    /** The gateway or NAT gateway id the table's default route goes to, or null without one. */
    static String defaultRouteTarget(RouteTable table) {
        for (Route route : table.routes()) {
            if (DEFAULT_ROUTE.equals(route.destinationCidrBlock())) {
                return route.natGatewayId() != null ? route.natGatewayId() : route.gatewayId();
            }
        }
        return null;
    }

    @Override
    public void apply(LabContext context) {
        String vpcId = context.state().require(ResourceKey.VPC, StepId.VPC);
        String targetId = context.state().require(targetKey(), targetProducer());
        List<String> subnetIds = new ArrayList<>();
        for (SubnetsStep.Slot slot : subnets()) {
            subnetIds.add(context.state().require(slot.key(), StepId.SUBNETS));
        }
        Optional<RouteTable> found = find(context);
        String tableId;
        if (found.isPresent()) {
            tableId = found.get().routeTableId();
            if (!context.state().get(tableKey()).map(tableId::equals).orElse(false)) {
                context.resource(id(), "adopted " + tableId + " (" + name(context) + ")");
            }
        } else {
            tableId = CreateOnce.create(context, () -> find(context).map(RouteTable::routeTableId),
                    once -> context.aws().ec2().createRouteTable(r -> r.vpcId(vpcId)
                            .tagSpecifications(Ec2Lookup.tagSpec(context, ResourceType.ROUTE_TABLE, name(context)))
                            .overrideConfiguration(once)).routeTable().routeTableId(), "InvalidVpcID.NotFound");
            context.resource(id(), "created " + tableId + " (" + name(context) + ")");
        }
        context.state().put(tableKey(), tableId);

        String current = found.map(RouteTableStep::defaultRouteTarget).orElse(null);
        if (current == null) {
            createDefaultRoute(context, tableId, targetId);
            context.resource(id(), "route " + DEFAULT_ROUTE + " -> " + targetId + " in " + tableId);
        } else if (!current.equals(targetId)) {
            replaceDefaultRoute(context, tableId, targetId);
            context.resource(id(), "route " + DEFAULT_ROUTE + " in " + tableId + " now goes to " + targetId
                    + " (was " + current + ")");
        }

        for (int i = 0; i < subnetIds.size(); i++) {
            context.checkCancelled();
            associate(context, tableId, subnetIds.get(i), subnets().get(i).suffix());
        }
    }

    /**
     * The default route to {@code targetId}. A reply lost after AWS added it makes the retry answer
     * {@code RouteAlreadyExists}: the route is then set to the target, which is what was asked.
     */
    private void createDefaultRoute(LabContext context, String tableId, String targetId) {
        try {
            context.retry().run(() -> context.aws().ec2().createRoute(r -> {
                r.routeTableId(tableId).destinationCidrBlock(DEFAULT_ROUTE);
                if (natTarget()) {
                    r.natGatewayId(targetId);
                } else {
                    r.gatewayId(targetId);
                }
            }), Retry.codes("InvalidRouteTableID.NotFound", "InvalidGatewayID.NotFound",
                    "InvalidNatGatewayID.NotFound", "NatGatewayNotFound"));
        } catch (RuntimeException e) {
            if (!dev.labconsole.aws.AwsErrors.hasCode(e, "RouteAlreadyExists")) {
                throw e;
            }
            replaceDefaultRoute(context, tableId, targetId);
        }
    }

    /** Points the table's default route at {@code targetId}. */
    private void replaceDefaultRoute(LabContext context, String tableId, String targetId) {
        context.retry().run(() -> context.aws().ec2().replaceRoute(r -> {
            r.routeTableId(tableId).destinationCidrBlock(DEFAULT_ROUTE);
            if (natTarget()) {
                r.natGatewayId(targetId);
            } else {
                r.gatewayId(targetId);
            }
        }), Retry.codes("InvalidGatewayID.NotFound", "InvalidNatGatewayID.NotFound", "NatGatewayNotFound"));
    }

    /** Associates {@code subnetId} with the table, moving it off another table it is explicitly on. */
    private void associate(LabContext context, String tableId, String subnetId, String label) {
        List<RouteTable> current = context.aws().ec2().describeRouteTables(r -> r.filters(
                Ec2Lookup.filter("association.subnet-id", subnetId))).routeTables();
        for (RouteTable table : current) {
            for (RouteTableAssociation association : table.associations()) {
                if (!subnetId.equals(association.subnetId())) {
                    continue;
                }
                if (table.routeTableId().equals(tableId)) {
                    return;
                }
                context.aws().ec2().replaceRouteTableAssociation(r -> r.associationId(
                        association.routeTableAssociationId()).routeTableId(tableId));
                context.resource(id(), "moved " + label + " (" + subnetId + ") from " + table.routeTableId()
                        + " to " + tableId);
                return;
            }
        }
        try {
            context.retry().run(() -> context.aws().ec2().associateRouteTable(r -> r.routeTableId(tableId)
                    .subnetId(subnetId)), Retry.codes("InvalidRouteTableID.NotFound", "InvalidSubnetID.NotFound"));
        } catch (RuntimeException e) {
            // A reply lost after AWS associated it: the retry hears "already associated". Fine if with this table.
            boolean here = dev.labconsole.aws.AwsErrors.hasCode(e, "Resource.AlreadyAssociated")
                    && context.aws().ec2().describeRouteTables(r -> r.filters(Ec2Lookup.filter("association.subnet-id",
                            subnetId))).routeTables().stream().anyMatch(t -> t.routeTableId().equals(tableId));
            if (!here) {
                throw e;
            }
        }
        context.resource(id(), "associated " + label + " (" + subnetId + ") with " + tableId);
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        Optional<RouteTable> found = find(context);
        String tableText = kind() + " route table " + name(context) + " exists in the lab VPC";
        if (found.isEmpty()) {
            result.add(Requirement.unmet(id(), tableText, "no such route table: create it (Network > Create) or name"
                    + " yours " + name(context)));
            return result;
        }
        RouteTable table = found.get();
        context.state().put(tableKey(), table.routeTableId());
        String vpcId = context.state().get(ResourceKey.VPC).orElse(null);
        result.add(Requirement.check(id(), tableText, vpcId == null || vpcId.equals(table.vpcId()),
                table.routeTableId() + " in " + table.vpcId()));

        String routeText = kind() + " route table sends " + DEFAULT_ROUTE + " to the " + targetWord();
        String expected = context.state().get(targetKey()).orElse(null);
        String actual = defaultRouteTarget(table);
        boolean rightTarget = actual != null && (expected == null
                ? (natTarget() ? actual.startsWith("nat-") : actual.startsWith("igw-")) : actual.equals(expected));
        String fix = "aws ec2 replace-route --route-table-id " + table.routeTableId() + " --destination-cidr-block "
                + DEFAULT_ROUTE + (natTarget() ? " --nat-gateway-id " : " --gateway-id ")
                + (expected == null ? "<" + (natTarget() ? "nat" : "igw") + "-id>" : expected);
        result.add(Requirement.check(id(), routeText, rightTarget, actual == null
                ? "no default route: " + fix.replace("replace-route", "create-route")
                : rightTarget ? DEFAULT_ROUTE + " -> " + actual
                : DEFAULT_ROUTE + " goes to " + actual + ", not the " + targetWord() + ": " + fix));

        for (SubnetsStep.Slot slot : subnets()) {
            String text = slot.suffix() + " is associated with the " + kind() + " route table";
            Optional<String> subnetId = context.state().get(slot.key());
            if (subnetId.isEmpty()) {
                result.add(Requirement.unmet(id(), text, "no " + slot.suffix() + " recorded: check the subnets first"));
                continue;
            }
            boolean associated = table.associations().stream().anyMatch(a -> subnetId.get().equals(a.subnetId()));
            result.add(Requirement.check(id(), text, associated, associated
                    ? subnetId.get() + " -> " + table.routeTableId()
                    : "aws ec2 associate-route-table --route-table-id " + table.routeTableId() + " --subnet-id "
                            + subnetId.get()));
        }
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        Optional<RouteTable> found = findOwned(context);
        if (found.isEmpty() || Ec2Lookup.isMain(found.get())) {
            context.state().remove(tableKey());
            return;
        }
        deleteTable(context, found.get());
        context.state().remove(tableKey());
    }

    /** Disassociates {@code table} from its subnets and deletes it (gone already counts as deleted). */
    void deleteTable(LabContext context, RouteTable table) {
        String tableId = table.routeTableId();
        for (RouteTableAssociation association : table.associations()) {
            if (Boolean.TRUE.equals(association.main())) {
                continue;
            }
            try {
                context.aws().ec2().disassociateRouteTable(r -> r.associationId(
                        association.routeTableAssociationId()));
            } catch (RuntimeException e) {
                if (!Retry.codes("InvalidAssociationID.NotFound").test(e)) {
                    throw e;
                }
            }
        }
        try {
            context.retry().run(() -> context.aws().ec2().deleteRouteTable(r -> r.routeTableId(tableId)),
                    Retry.codes("DependencyViolation"));
        } catch (RuntimeException e) {
            if (!Retry.codes("InvalidRouteTableID.NotFound").test(e)) {
                throw e instanceof AwsProblem ? e : new AwsProblem("could not delete " + tableId + " ("
                        + name(context) + "): " + e.getMessage(), null, e);
            }
        }
        String label = Ec2Lookup.tag(table.tags(), "Name");
        context.resource(id(), "deleted " + tableId + (label == null ? "" : " (" + label + ")"));
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return context.aws().ec2().describeRouteTables(r -> r.filters(Ec2Lookup.labFilters(context, name(context))))
                .routeTables().stream()
                .filter(t -> !Ec2Lookup.isMain(t))
                .map(t -> new LabResource(id(), "route table", Ec2Lookup.tag(t.tags(), "Name"), t.routeTableId(),
                        t.associations().size() + " association(s)", 0))
                .toList();
    }
}
