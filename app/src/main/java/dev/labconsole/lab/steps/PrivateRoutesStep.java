package dev.labconsole.lab.steps;

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
}
