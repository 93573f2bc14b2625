package dev.labconsole.lab.steps;

import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.List;

/** STUB: to be implemented. */
public final class TargetGroupStep implements Step {

    @Override
    public StepId id() {
        return StepId.TARGET_GROUP;
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "";
    }

    @Override
    public PlanAction plan(LabContext context) {
        return PlanAction.CREATE;
    }

    @Override
    public void apply(LabContext context) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        return List.of();
    }

    @Override
    public void destroy(LabContext context) {
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return List.of();
    }
}
