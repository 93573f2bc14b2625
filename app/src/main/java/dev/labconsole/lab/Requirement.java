package dev.labconsole.lab;

/**
 * One of the lab's requirements (or a piece of advice) and whether what exists meets it.
 *
 * @param step the step it belongs to
 * @param text the requirement, in the lab's words ("private subnets send 0.0.0.0/0 to a NAT gateway")
 * @param met whether it is met
 * @param detail what was found (e.g. the resource id, or what is wrong and what to do)
 * @param kind whether the lab asks for it ({@link Kind#REQUIREMENT}) or Lab Console only advises it
 */
public record Requirement(StepId step, String text, boolean met, String detail, Kind kind) {

    /** What the lab's text asks for, or what Lab Console does beyond it. */
    public enum Kind {
        /** Asked for by the lab (or a safety rule that makes the lab what it is): decides {@code check}'s result. */
        REQUIREMENT,
        /** Good practice beyond the lab (versioning, scan on push, log retention, ...): shown, never failing. */
        ADVICE
    }

    public Requirement {
        kind = kind == null ? Kind.REQUIREMENT : kind;
    }

    public Requirement(StepId step, String text, boolean met, String detail) {
        this(step, text, met, detail, Kind.REQUIREMENT);
    }

    public static Requirement met(StepId step, String text, String detail) {
        return new Requirement(step, text, true, detail);
    }

    public static Requirement unmet(StepId step, String text, String detail) {
        return new Requirement(step, text, false, detail);
    }

    public static Requirement check(StepId step, String text, boolean met, String detail) {
        return new Requirement(step, text, met, detail);
    }

    /** Advice: shown with its fix when not followed, never failing the check. */
    public static Requirement advice(StepId step, String text, boolean followed, String detail) {
        return new Requirement(step, text, followed, detail, Kind.ADVICE);
    }

    public boolean isAdvice() {
        return kind == Kind.ADVICE;
    }

    /** Whether this fails the check: a requirement that is not met (advice never fails). */
    public boolean fails() {
        return kind == Kind.REQUIREMENT && !met;
    }
}
