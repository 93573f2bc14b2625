package dev.labconsole.lab;

import java.util.List;

/**
 * One step of the lab: a command in Scene Builder's sense, with the lab's five verbs. Implementations
 * live in {@code dev.labconsole.lab.steps}; {@link StepId} holds what is known without AWS.
 *
 * <p>Contract: {@link #apply} is idempotent (it looks for the lab's resource by the tag
 * {@code labconsole:lab=<lab>} and its Name, adopts what it finds, and creates only what is missing,
 * with client tokens where the API has them); it records ids in {@link LabContext#state()} as soon as
 * AWS returns them, so a run killed right after a create resumes without a duplicate.
 * {@link #verify} reports the step's own view of its requirements; {@code check} calls it only for the
 * steps {@link LabRequirements} does not judge (identity, endpoint test, ...), on a detached copy of
 * the state, since the lab's resources are found by what they are ({@link LabDiscovery}), not by the
 * steps' names. {@link #destroy} is best effort and confirms with a Describe call.
 */
public interface Step {

    StepId id();

    /** The AWS CLI commands that do what {@link #apply} does, with the lab's names filled in. */
    String cliEquivalent(LabContext context);

    /** What apply would do, found with Describe calls only. */
    PlanAction plan(LabContext context);

    /** Creates or adopts the step's resources. */
    void apply(LabContext context);

    /** The lab's requirements for this step, met or not, for whatever exists now. */
    List<Requirement> verify(LabContext context);

    /** Deletes the step's resources (best effort: throws after trying everything, naming what is left). */
    void destroy(LabContext context);

    /** The step's resources that exist now (found from the state, else by tag), with their hourly cost. */
    List<LabResource> inventory(LabContext context);

    /** What the step's resources cost per hour once created with {@code config} (0 when free). */
    default double plannedHourlyUsd(LabConfig config) {
        return 0;
    }
}
