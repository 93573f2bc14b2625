package dev.labconsole.lab.steps;

import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every step of the lab, by id. */
public final class LabSteps {

    private LabSteps() {
    }

    public static Map<StepId, Step> all() {
        Map<StepId, Step> steps = new EnumMap<>(StepId.class);
        for (Step step : List.of(new IdentityStep(), new BucketStep(), new ModelUploadStep(), new RepositoryStep(), new ImageStep(),
                new VpcStep(), new SubnetsStep(), new InternetGatewayStep(), new PublicRoutesStep(),
                new NatGatewayStep(), new PrivateRoutesStep(), new SecurityGroupsStep(), new TargetGroupStep(),
                new LoadBalancerStep(), new ListenerStep(), new LogGroupStep(), new RolesStep(), new ClusterStep(),
                new TaskDefinitionStep(), new ServiceStep(), new EndpointTestStep())) {
            steps.put(step.id(), step);
        }
        if (steps.size() != StepId.values().length) {
            throw new IllegalStateException("a step is missing from LabSteps");
        }
        return steps;
    }
}
