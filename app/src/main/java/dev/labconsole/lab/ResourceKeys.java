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
            case PRIVATE_ROUTE_TABLE -> StepId.PRIVATE_ROUTES;
            case ALB_SECURITY_GROUP, TASK_SECURITY_GROUP -> StepId.SECURITY_GROUPS;
            case TARGET_GROUP -> StepId.TARGET_GROUP;
            case LOAD_BALANCER, LOAD_BALANCER_DNS -> StepId.LOAD_BALANCER;
            case LISTENER -> StepId.LISTENER;
            case LOG_GROUP -> StepId.LOG_GROUP;
            case TASK_ROLE, EXECUTION_ROLE, CREATED_ROLES -> StepId.ROLES;
            case CLUSTER -> StepId.CLUSTER;
            case TASK_DEFINITION -> StepId.TASK_DEFINITION;
            case SERVICE -> StepId.SERVICE;
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
