package dev.labconsole.lab;

/**
 * One of the lab's requirements and whether what exists meets it.
 *
 * @param step the step it belongs to
 * @param text the requirement, in the lab's words ("private route table sends 0.0.0.0/0 to the NAT gateway")
 * @param met whether it is met
 * @param detail what was found (e.g. the resource id, or what is wrong and what to do)
 */
public record Requirement(StepId step, String text, boolean met, String detail) {

    public static Requirement met(StepId step, String text, String detail) {
        return new Requirement(step, text, true, detail);
    }

    public static Requirement unmet(StepId step, String text, String detail) {
        return new Requirement(step, text, false, detail);
    }

    public static Requirement check(StepId step, String text, boolean met, String detail) {
        return new Requirement(step, text, met, detail);
    }
}
