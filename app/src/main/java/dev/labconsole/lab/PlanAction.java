package dev.labconsole.lab;

/** What {@code apply} would do for a step, as {@code plan} shows it. */
public enum PlanAction {
    /** Nothing of the lab's exists yet: apply creates it. */
    CREATE,
    /** A matching resource exists (built by this tool or by hand): apply adopts it. */
    ADOPT,
    /** Already recorded and present: nothing to do. */
    NOTHING
}
