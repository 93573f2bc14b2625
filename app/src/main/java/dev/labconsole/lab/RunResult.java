package dev.labconsole.lab;

import java.util.List;
import java.util.Map;

/**
 * The outcome of apply or destroy.
 *
 * @param outcomes each step's outcome
 * @param leftovers for destroy: what still exists afterwards (empty is clean); for apply: empty
 * @param keptAdopted for destroy: the student's own resources apply adopted, kept as they were
 */
public record RunResult(Map<StepId, StepOutcome> outcomes, List<LabResource> leftovers, List<LabResource> keptAdopted) {

    public RunResult {
        outcomes = Map.copyOf(outcomes);
        leftovers = List.copyOf(leftovers);
        keptAdopted = List.copyOf(keptAdopted);
    }

    public RunResult(Map<StepId, StepOutcome> outcomes, List<LabResource> leftovers) {
        this(outcomes, leftovers, List.of());
    }

    /** Whether the run was stopped (a step ended {@link StepOutcome.Status#STOPPED}). */
    public boolean stopped() {
        return outcomes.values().stream().anyMatch(o -> o.status() == StepOutcome.Status.STOPPED);
    }

    /** Whether every step finished and nothing is left over. */
    public boolean ok() {
        return outcomes.values().stream().allMatch(StepOutcome::ok) && leftovers.isEmpty();
    }
}
