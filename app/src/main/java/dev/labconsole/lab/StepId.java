package dev.labconsole.lab;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lab's steps and what each needs first: the graph the engine runs. What a step does lives in
 * {@link Step}; this enum is what the window and the command line can know without AWS.
 */
public enum StepId {
    IDENTITY(Section.IDENTITY, "Identity", "Who you are: the account, the identity and the region every step uses."),
    BUCKET(Section.STORAGE, "S3 bucket",
            "A private bucket for the model: Block Public Access on, default encryption (SSE-S3), versioning on.",
            IDENTITY),
    MODEL_UPLOAD(Section.STORAGE, "Model upload",
            "Every file of the model folder under models/<model>/ in the bucket; the service's tasks read it from there"
                    + " at start-up (MODEL_URI).", BUCKET),
    REPOSITORY(Section.REGISTRY, "ECR repository",
            "A private container registry repository for the model server's image: AES-256 encryption, scan on push.",
            IDENTITY),
    IMAGE(Section.REGISTRY, "Container image",
            "The model server's image (Lab Console's own serve command on a Java 17 base, linux/amd64), built"
                    + " without Docker and pushed to the repository; the task definition names it by digest, so a new"
                    + " push deploys a new revision.", REPOSITORY),
    VPC(Section.NETWORK, "VPC", "The lab's own network, 10.0.0.0/16, with DNS names on.", IDENTITY),
    SUBNETS(Section.NETWORK, "Subnets",
            "Two public subnets (load balancer, NAT gateway) and two private subnets (the tasks), one of each in two"
                    + " availability zones, so the lab survives a zone going down.", VPC),
    INTERNET_GATEWAY(Section.NETWORK, "Internet gateway",
            "The VPC's door to the internet, attached to the VPC.", VPC),
    PUBLIC_ROUTES(Section.NETWORK, "Public route table",
            "0.0.0.0/0 -> the internet gateway, associated with both public subnets: that is what makes them public.",
            SUBNETS, INTERNET_GATEWAY),
    NAT_GATEWAY(Section.NETWORK, "NAT gateway",
            "An Elastic IP and a NAT gateway in public-subnet-1, so tasks in private subnets can pull their image and"
                    + " model without being reachable from the internet. It bills by the hour: tear it down after the lab.",
            PUBLIC_ROUTES),
    PRIVATE_ROUTES(Section.NETWORK, "Private route table",
            "0.0.0.0/0 -> the NAT gateway, associated with both private subnets.", NAT_GATEWAY),
    SECURITY_GROUPS(Section.NETWORK, "Security groups",
            "The load balancer's group admits HTTP 80 from anywhere; the tasks' group admits port 8000 only from the"
                    + " load balancer's group.", VPC),
    TARGET_GROUP(Section.LOAD_BALANCER, "Target group",
            "Type ip, HTTP 8000, health check /health: the tasks register here and the load balancer sends traffic"
                    + " only to healthy ones.", VPC),
    LOAD_BALANCER(Section.LOAD_BALANCER, "Application Load Balancer",
            "Internet-facing, in both public subnets, behind the load balancer's security group.",
            PUBLIC_ROUTES, SECURITY_GROUPS),
    LISTENER(Section.LOAD_BALANCER, "Listener", "HTTP 80 on the load balancer, forwarding to the target group.",
            LOAD_BALANCER, TARGET_GROUP),
    LOG_GROUP(Section.CONTAINERS, "Log group", "/ecs/<lab> in CloudWatch Logs, kept 7 days: the tasks' output.",
            IDENTITY),
    ROLES(Section.CONTAINERS, "IAM roles",
            "The task role (reads the model) and the execution role (pulls the image, writes logs): LabRole in AWS"
                    + " Academy, otherwise two least-privilege roles the lab creates.", IDENTITY),
    CLUSTER(Section.CONTAINERS, "ECS cluster", "A Fargate cluster: AWS runs the containers, no servers to manage.",
            IDENTITY),
    TASK_DEFINITION(Section.CONTAINERS, "Task definition",
            "Fargate, Linux/X86_64, 1 vCPU, 3 GB, container port 8000, MODEL_URI pointing at the uploaded model, logs"
                    + " to CloudWatch.", MODEL_UPLOAD, IMAGE, LOG_GROUP, ROLES),
    SERVICE(Section.CONTAINERS, "ECS service",
            "Two tasks in the private subnets, no public IP, registered in the target group; waits until stable.",
            CLUSTER, TASK_DEFINITION, LISTENER, PRIVATE_ROUTES),
    ENDPOINT_TEST(Section.TEST, "Endpoint test", "GET http://<load balancer>/health answers 200.", SERVICE);

    private final Section section;
    private final String title;
    private final String description;
    private final StepId[] dependsOn;

    StepId(Section section, String title, String description, StepId... dependsOn) {
        this.section = section;
        this.title = title;
        this.description = description;
        // An EnumSet cannot be built while the enum itself is being initialised: keep the array.
        this.dependsOn = dependsOn;
    }

    public Section section() {
        return section;
    }

    public String title() {
        return title;
    }

    /** What the step does and why, in the lab's words. */
    public String description() {
        return description;
    }

    /** The steps that must be done before this one starts. */
    public Set<StepId> dependsOn() {
        Set<StepId> result = EnumSet.noneOf(StepId.class);
        result.addAll(java.util.Arrays.asList(dependsOn));
        return result;
    }
}
