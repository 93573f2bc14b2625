package dev.labconsole.lab.steps;

import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import java.util.List;

/**
 * The private route table {@code <lab>-private-rt}: {@code 0.0.0.0/0} to the NAT gateway,
 * associated with both private subnets, so the tasks reach ECR, S3 and CloudWatch without public IPs.
 */
public final class PrivateRoutesStep extends RouteTableStep {

    @Override
    public StepId id() {
        return StepId.PRIVATE_ROUTES;
    }

    @Override
    String kind() {
        return "private";
    }

    @Override
    ResourceKey tableKey() {
        return ResourceKey.PRIVATE_ROUTE_TABLE;
    }

    @Override
    ResourceKey targetKey() {
        return ResourceKey.NAT_GATEWAY;
    }

    @Override
    StepId targetProducer() {
        return StepId.NAT_GATEWAY;
    }

    @Override
    String targetWord() {
        return "NAT gateway";
    }

    @Override
    boolean natTarget() {
        return true;
    }

    @Override
    List<SubnetsStep.Slot> subnets() {
        return SubnetsStep.SLOTS.subList(2, 4);
    }

    @Override
    public void destroy(LabContext context) {
        super.destroy(context);
        // A lab built with the AWS Console's wizard has one private route table per zone; apply recorded both.
        context.state().get(ResourceKey.PRIVATE_ROUTE_TABLE_2).ifPresent(tableId -> {
            context.aws().ec2().describeRouteTables(r -> r.filters(Ec2Lookup.filter("route-table-id", tableId)))
                    .routeTables().stream().filter(t -> !Ec2Lookup.isMain(t)).findFirst()
                    .ifPresent(table -> deleteTable(context, table));
            context.state().remove(ResourceKey.PRIVATE_ROUTE_TABLE_2);
        });
    }
}
