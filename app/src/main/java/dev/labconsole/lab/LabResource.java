package dev.labconsole.lab;

/**
 * A resource of the lab that exists now, as Describe calls found it.
 *
 * @param step the step that owns it
 * @param kind what it is ("NAT gateway", "Elastic IP", "subnet")
 * @param name its Name tag or name
 * @param id its id or ARN
 * @param state its state as AWS reports it ("available", "active", ...)
 * @param hourlyUsd what it costs per hour while it exists (us-east-1 prices), 0 when free
 */
public record LabResource(StepId step, String kind, String name, String id, String state, double hourlyUsd) {
}
