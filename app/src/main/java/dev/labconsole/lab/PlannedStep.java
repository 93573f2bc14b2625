package dev.labconsole.lab;

/**
 * One line of the plan.
 *
 * @param step the step
 * @param action create, adopt or nothing to do
 * @param cliEquivalent the AWS CLI commands that do the same
 * @param hourlyUsd what the step's resources cost per hour once created
 */
public record PlannedStep(StepId step, PlanAction action, String cliEquivalent, double hourlyUsd) {
}
