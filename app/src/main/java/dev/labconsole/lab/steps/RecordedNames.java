package dev.labconsole.lab.steps;

import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.ResourceKey;

/**
 * The names the ECS and log steps go by. A resource the state records (built by the lab, or built by the
 * student and adopted by apply) is used under its own name, whatever it is: a lab built in the AWS
 * Console names its cluster, service, task family and log group freely, and only its recorded ARN says
 * which they are. Without a record, the lab's own name.
 */
final class RecordedNames {

    private RecordedNames() {
    }

    /** The name of the resource recorded under {@code key} (an ARN's last part, or the name itself), else {@code ours}. */
    static String of(LabContext context, ResourceKey key, String ours) {
        return context.state().get(key).map(RecordedNames::lastPart).orElse(ours);
    }

    /** The family of the recorded task definition ({@code ...:task-definition/<family>:<revision>}), else {@code ours}. */
    static String family(LabContext context, String ours) {
        return context.state().get(ResourceKey.TASK_DEFINITION).map(RecordedNames::lastPart)
                .map(familyAndRevision -> familyAndRevision.contains(":")
                        ? familyAndRevision.substring(0, familyAndRevision.lastIndexOf(':')) : familyAndRevision)
                .orElse(ours);
    }

    // "arn:aws:ecs:us-east-1:123456789012:service/my-cluster/my-service" -> "my-service"; a name stays as it is.
    private static String lastPart(String arnOrName) {
        return arnOrName.startsWith("arn:") ? arnOrName.substring(arnOrName.lastIndexOf('/') + 1) : arnOrName;
    }
}
