package dev.labconsole.lab;

/** What each recorded id is, in words, and which step records it. */
final class ResourceKeys {

    private ResourceKeys() {
    }

    static StepId step(ResourceKey key) {
        return switch (key) {
            case ACCOUNT_ID, CREATED_AT -> StepId.IDENTITY;
            case BUCKET -> StepId.BUCKET;
            case MODEL_URI -> StepId.MODEL_UPLOAD;
            case REPOSITORY_URI, IMAGE -> StepId.REPOSITORY;
            case VPC -> StepId.VPC;
            case PUBLIC_SUBNET_1, PUBLIC_SUBNET_2, PRIVATE_SUBNET_1, PRIVATE_SUBNET_2, AVAILABILITY_ZONES -> StepId.SUBNETS;
            case INTERNET_GATEWAY -> StepId.INTERNET_GATEWAY;
            case PUBLIC_ROUTE_TABLE -> StepId.PUBLIC_ROUTES;
            case ELASTIC_IP, NAT_GATEWAY -> StepId.NAT_GATEWAY;
            case PRIVATE_ROUTE_TABLE, PRIVATE_ROUTE_TABLE_2 -> StepId.PRIVATE_ROUTES;
            case ALB_SECURITY_GROUP, TASK_SECURITY_GROUP -> StepId.SECURITY_GROUPS;
            case TARGET_GROUP -> StepId.TARGET_GROUP;
            case LOAD_BALANCER, LOAD_BALANCER_DNS -> StepId.LOAD_BALANCER;
            case LISTENER -> StepId.LISTENER;
            case LOG_GROUP -> StepId.LOG_GROUP;
            case TASK_ROLE, EXECUTION_ROLE, CREATED_ROLES -> StepId.ROLES;
            case CLUSTER -> StepId.CLUSTER;
            case TASK_DEFINITION -> StepId.TASK_DEFINITION;
            case SERVICE -> StepId.SERVICE;
            default -> StepId.IDENTITY;
        };
    }

    /** The resources a step makes (what must all be adopted for apply to leave the step to the student's work). */
    static java.util.Set<ResourceKey> madeBy(StepId step) {
        return switch (step) {
            case BUCKET -> java.util.EnumSet.of(ResourceKey.BUCKET);
            case MODEL_UPLOAD -> java.util.EnumSet.of(ResourceKey.MODEL_URI);
            case REPOSITORY -> java.util.EnumSet.of(ResourceKey.REPOSITORY_URI);
            case VPC -> java.util.EnumSet.of(ResourceKey.VPC);
            case SUBNETS -> java.util.EnumSet.of(ResourceKey.PUBLIC_SUBNET_1, ResourceKey.PUBLIC_SUBNET_2,
                    ResourceKey.PRIVATE_SUBNET_1, ResourceKey.PRIVATE_SUBNET_2);
            case INTERNET_GATEWAY -> java.util.EnumSet.of(ResourceKey.INTERNET_GATEWAY);
            case PUBLIC_ROUTES -> java.util.EnumSet.of(ResourceKey.PUBLIC_ROUTE_TABLE);
            case NAT_GATEWAY -> java.util.EnumSet.of(ResourceKey.NAT_GATEWAY, ResourceKey.ELASTIC_IP);
            case PRIVATE_ROUTES -> java.util.EnumSet.of(ResourceKey.PRIVATE_ROUTE_TABLE);
            case SECURITY_GROUPS -> java.util.EnumSet.of(ResourceKey.ALB_SECURITY_GROUP, ResourceKey.TASK_SECURITY_GROUP);
            case TARGET_GROUP -> java.util.EnumSet.of(ResourceKey.TARGET_GROUP);
            case LOAD_BALANCER -> java.util.EnumSet.of(ResourceKey.LOAD_BALANCER);
            case LISTENER -> java.util.EnumSet.of(ResourceKey.LISTENER);
            case LOG_GROUP -> java.util.EnumSet.of(ResourceKey.LOG_GROUP);
            case ROLES -> java.util.EnumSet.of(ResourceKey.TASK_ROLE, ResourceKey.EXECUTION_ROLE);
            case CLUSTER -> java.util.EnumSet.of(ResourceKey.CLUSTER);
            case TASK_DEFINITION -> java.util.EnumSet.of(ResourceKey.TASK_DEFINITION);
            case SERVICE -> java.util.EnumSet.of(ResourceKey.SERVICE);
            default -> java.util.EnumSet.noneOf(ResourceKey.class);
        };
    }

    /** "public subnet 1", "NAT gateway", ... */
    static String kind(ResourceKey key) {
        return switch (key) {
            case REPOSITORY_URI -> "ECR repository";
            case VPC -> "VPC";
            case NAT_GATEWAY -> "NAT gateway";
            case ELASTIC_IP -> "Elastic IP";
            case ALB_SECURITY_GROUP -> "load balancer security group";
            case TASK_SECURITY_GROUP -> "tasks' security group";
            case CLUSTER -> "ECS cluster";
            case SERVICE -> "ECS service";
            default -> key.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
