package dev.labconsole.lab;

import java.util.List;

/**
 * What of the lab exists now, and what could not be looked up. "Nothing left" is said only when every
 * lookup succeeded: a lookup that failed (access denied, an expired token, throttling that outlasted
 * the retries) leaves its kind of resource unknown, never "absent".
 *
 * @param found the resources that exist, with their cost
 * @param unknown the lookups that failed, each with why
 */
public record LabInventory(List<LabResource> found, List<Unknown> unknown) {

    /**
     * A kind of resource whose lookup failed.
     *
     * @param step the step that owns it
     * @param what what could not be looked up ("the resources of 'NAT gateway'")
     * @param why the error, worded for the student
     */
    public record Unknown(StepId step, String what, String why) {
        @Override
        public String toString() {
            return what + ": unknown (lookup failed: " + why + ")";
        }
    }

    public LabInventory {
        found = List.copyOf(found);
        unknown = List.copyOf(unknown);
    }

    /** Whether every lookup succeeded. */
    public boolean complete() {
        return unknown.isEmpty();
    }

    /** Whether nothing is left, as far as every lookup could tell: false while anything is unknown. */
    public boolean nothingLeft() {
        return complete() && found.isEmpty();
    }
}
