package dev.labconsole.lab;

/** What a run does: build the lab (apply) or tear it down (destroy). */
public enum Phase {
    /** Creates or adopts steps. */
    APPLY,
    /** Deletes steps, in reverse order. */
    DESTROY
}
