package dev.labconsole.lab.steps;

import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import java.util.List;

/**
 * The public route table {@code <lab>-public-rt}: {@code 0.0.0.0/0} to the internet gateway,
 * associated with both public subnets (where the load balancer and NAT gateway live).
 */
public final class PublicRoutesStep extends RouteTableStep {

    @Override
    public StepId id() {
        return StepId.PUBLIC_ROUTES;
    }

    @Override
    String kind() {
        return "public";
    }

    @Override
    ResourceKey tableKey() {
        return ResourceKey.PUBLIC_ROUTE_TABLE;
    }

    @Override
    ResourceKey targetKey() {
        return ResourceKey.INTERNET_GATEWAY;
    }

    @Override
    StepId targetProducer() {
        return StepId.INTERNET_GATEWAY;
    }

    @Override
    String targetWord() {
        return "internet gateway";
    }

    @Override
    boolean natTarget() {
        return false;
    }

    @Override
    List<SubnetsStep.Slot> subnets() {
        return SubnetsStep.SLOTS.subList(0, 2);
    }
}
