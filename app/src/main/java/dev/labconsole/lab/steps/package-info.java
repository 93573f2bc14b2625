/**
 * The lab's steps, one class each (or one per family of resources), implementing
 * {@link dev.labconsole.lab.Step} against the AWS SDK clients of {@link dev.labconsole.aws.AwsClients}.
 */
package dev.labconsole.lab.steps;
