package dev.labconsole.cli;

import dev.labconsole.lab.LabConfig;

/**
 * A copy of a {@link LabConfig} with the settings a command line gives changed; null leaves the
 * lab's default in place.
 */
final class LabConfigOverrides {

    private final LabConfig base;
    String modelUri;
    String image;
    String taskRoleArn;
    String executionRoleArn;
    Integer desiredCount;
    Integer cpu;
    Integer memoryMiB;
    String bucketName;
    Boolean keepBucket;

    LabConfigOverrides(LabConfig base) {
        this.base = base;
    }

    LabConfig build() {
        return new LabConfig(base.lab(), base.vpcCidr(), base.publicSubnetCidrs(), base.privateSubnetCidrs(),
                base.listenerPort(), base.containerPort(), base.healthCheckPath(),
                desiredCount != null ? desiredCount : base.desiredCount(),
                cpu != null ? cpu : base.cpu(),
                memoryMiB != null ? memoryMiB : base.memoryMiB(),
                base.logRetentionDays(),
                bucketName != null ? bucketName : base.bucketName(),
                image != null ? image : base.image(),
                taskRoleArn != null ? taskRoleArn : base.taskRoleArn(),
                executionRoleArn != null ? executionRoleArn : base.executionRoleArn(),
                modelUri != null ? modelUri : base.modelUri(),
                keepBucket != null ? keepBucket : base.keepBucket());
    }
}
