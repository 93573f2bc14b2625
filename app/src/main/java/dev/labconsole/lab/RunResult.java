package dev.labconsole.lab;

import java.util.List;
import java.util.Map;

/**
 * The outcome of apply or destroy.
 *
 * @param outcomes each step's outcome
 * @param leftovers for destroy: what still exists afterwards; for apply: empty
 * @param keptAdopted for destroy: the student's own resources apply adopted, kept as they were
 * @param unknown for destroy: lookups that failed, so what they would have found is unknown (not gone)
 */
public record RunResult(Map<StepId, StepOutcome> outcomes, List<LabResource> leftovers, List<LabResource> keptAdopted,
        List<LabInventory.Unknown> unknown) {

    public RunResult {
        outcomes = Map.copyOf(outcomes);
        leftovers = List.copyOf(leftovers);
        keptAdopted = List.copyOf(keptAdopted);
        unknown = List.copyOf(unknown);
    }

    public RunResult(Map<StepId, StepOutcome> outcomes, List<LabResource> leftovers, List<LabResource> keptAdopted) {
        this(outcomes, leftovers, keptAdopted, List.of());
    }

    public RunResult(Map<StepId, StepOutcome> outcomes, List<LabResource> leftovers) {
        this(outcomes, leftovers, List.of(), List.of());
    }

    /** Whether the run was stopped (a step ended {@link StepOutcome.Status#STOPPED}). */
    public boolean stopped() {
        return outcomes.values().stream().anyMatch(o -> o.status() == StepOutcome.Status.STOPPED);
    }

    /** Whether every step finished and, as far as every lookup could tell, nothing is left over. */
    public boolean ok() {
        return outcomes.values().stream().allMatch(StepOutcome::ok) && nothingLeft();
    }

    /** Whether every lookup succeeded and found nothing left: the only case that may be called "0 left". */
    public boolean nothingLeft() {
        return leftovers.isEmpty() && unknown.isEmpty();
    }
}
