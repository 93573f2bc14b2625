package dev.labconsole.lab;

import java.util.List;

/**
 * What {@link LabEngine#checkInputs()} found wrong with the values apply would use, before any AWS
 * call: empty when everything can be used.
 *
 * @param problems one per bad value, each naming the option and saying what to give instead
 */
public record InputCheck(List<Problem> problems) {

    public InputCheck {
        problems = List.copyOf(problems);
    }

    /** Whether every value can be used. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * One bad value.
     *
     * @param option the option (or the window's field) it came from, e.g. {@code --model}
     * @param message what is wrong and what to do, in the student's words
     */
    public record Problem(String option, String message) {
    }
}
