package dev.labconsole.lab;

/** The ids the lab records in its state file, one per resource (never credentials). */
public enum ResourceKey {
    ACCOUNT_ID, BUCKET, MODEL_URI, REPOSITORY_URI,
    VPC, PUBLIC_SUBNET_1, PUBLIC_SUBNET_2, PRIVATE_SUBNET_1, PRIVATE_SUBNET_2, AVAILABILITY_ZONES,
    INTERNET_GATEWAY, PUBLIC_ROUTE_TABLE, ELASTIC_IP, NAT_GATEWAY, PRIVATE_ROUTE_TABLE,
    /** A second private route table, when a lab built by hand has one per zone (the AWS Console's wizard does). */
    PRIVATE_ROUTE_TABLE_2,
    ALB_SECURITY_GROUP, TASK_SECURITY_GROUP,
    TARGET_GROUP, LOAD_BALANCER, LOAD_BALANCER_DNS, LISTENER,
    LOG_GROUP, TASK_ROLE, EXECUTION_ROLE, CREATED_ROLES,
    CLUSTER, TASK_DEFINITION, SERVICE,
    /** The service's image by digest ({@code <repository>@sha256:...}), or the image the student named. */
    IMAGE,
    /** The lab's first creation time (ISO-8601), for the cost accrued. */
    CREATED_AT
}
