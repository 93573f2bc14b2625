package dev.labconsole.lab;

/**
 * What the student chose when several candidates fit ({@code check --vpc/--service/--bucket/--repository});
 * null fields leave the choice to {@link LabDiscovery}.
 *
 * @param vpcId a VPC id ({@code vpc-...})
 * @param service an ECS service name or ARN
 * @param bucket an S3 bucket name
 * @param repository an ECR repository name
 */
public record LabSelection(String vpcId, String service, String bucket, String repository) {

    /** Nothing chosen: discovery decides. */
    public static LabSelection none() {
        return new LabSelection(null, null, null, null);
    }
}
