package dev.labconsole.lab;

import java.util.List;

/**
 * Settings that break the lab's rules, found before any AWS call. Each problem names the setting
 * and says what to type instead.
 */
public class LabConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public LabConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
