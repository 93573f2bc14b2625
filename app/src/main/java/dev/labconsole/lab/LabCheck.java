package dev.labconsole.lab;

import java.util.List;

/**
 * What {@code check} found and judged.
 *
 * @param found the lab as it exists (null when no step that {@link LabRequirements} judges was checked)
 * @param requirements every requirement and piece of advice, in the lab's order
 */
public record LabCheck(FoundLab found, List<Requirement> requirements) {

    public LabCheck {
        requirements = List.copyOf(requirements);
    }

    /** The lab's requirements, without advice. */
    public List<Requirement> required() {
        return requirements.stream().filter(r -> !r.isAdvice()).toList();
    }

    public List<Requirement> advice() {
        return requirements.stream().filter(Requirement::isAdvice).toList();
    }

    /** Whether every requirement is met (advice never counts). */
    public boolean ok() {
        return requirements.stream().noneMatch(Requirement::fails);
    }
}
