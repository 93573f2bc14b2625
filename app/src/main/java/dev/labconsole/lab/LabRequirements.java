package dev.labconsole.lab;

import dev.labconsole.lab.FoundLab.DefaultRoute;
import dev.labconsole.lab.FoundLab.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lab's requirements (what its text asks for in sections 2-5, and the safety rules that make it the
 * lab: tasks unreachable from the internet, nothing but the listener's port open to the world) and
 * Lab Console's advice beyond them, judged over a {@link FoundLab}. Pure: no AWS calls, so every
 * combination is easy to test. Every requirement has a fixed text; what was found goes in the detail.
 */
public final class LabRequirements {

    /** The steps judged here; the others (identity, endpoint test, ...) verify themselves. */
    public static final Set<StepId> STEPS = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(
            StepId.BUCKET, StepId.MODEL_UPLOAD, StepId.REPOSITORY, StepId.IMAGE, StepId.VPC, StepId.SUBNETS,
            StepId.INTERNET_GATEWAY, StepId.PUBLIC_ROUTES, StepId.NAT_GATEWAY, StepId.PRIVATE_ROUTES,
            StepId.SECURITY_GROUPS, StepId.TARGET_GROUP, StepId.LOAD_BALANCER, StepId.LISTENER, StepId.LOG_GROUP,
            StepId.ROLES, StepId.CLUSTER, StepId.TASK_DEFINITION, StepId.SERVICE));

    private final FoundLab lab;
    private final LabConfig config;
    private final List<Requirement> result = new ArrayList<>();

    private LabRequirements(FoundLab lab, LabConfig config) {
        this.lab = lab;
        this.config = config;
    }

    /** Every requirement and piece of advice, in the lab's order. */
    public static List<Requirement> of(FoundLab lab, LabConfig config) {
        LabRequirements r = new LabRequirements(lab, config);
        r.storage();
        r.registry();
        r.network();
        r.securityGroups();
        r.loadBalancer();
        r.containers();
        return List.copyOf(r.result);
    }

    private void require(StepId step, String text, boolean met, String detail) {
        result.add(Requirement.check(step, text, met, detail));
    }

    private void advise(StepId step, String text, boolean followed, String detail) {
        result.add(Requirement.advice(step, text, followed, detail));
    }

    private void storage() {
        var bucket = lab.bucket();
        require(StepId.BUCKET, "an S3 bucket for the model", bucket != null, bucket == null
                ? "no bucket named by the task definition's MODEL_URI or holding model files: create one and upload"
                        + " the model (Storage > Create)"
                : "s3://" + bucket.name() + " (" + bucket.why() + ")");
        require(StepId.MODEL_UPLOAD, "the model's files are in the bucket", bucket != null && !bucket.modelKeys().isEmpty(),
                bucket == null ? "no bucket" : bucket.modelKeys().isEmpty()
                        ? "nothing under s3://" + bucket.name() + "/" + bucket.prefix() + ": upload the model folder"
                        : bucket.modelKeys().size() + " file(s), e.g. " + bucket.modelKeys().get(0));
        if (bucket != null) {
            advise(StepId.BUCKET, "bucket blocks all public access", bucket.blocksPublicAccess(),
                    bucket.blocksPublicAccess() ? "on" : "aws s3api put-public-access-block --bucket " + bucket.name()
                            + " --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
                            + "BlockPublicPolicy=true,RestrictPublicBuckets=true");
            advise(StepId.BUCKET, "bucket versioning on (an overwritten model can be restored)", bucket.versioned(),
                    bucket.versioned() ? "on" : "aws s3api put-bucket-versioning --bucket " + bucket.name()
                            + " --versioning-configuration Status=Enabled");
        }
    }

    private void registry() {
        var repository = lab.repository();
        require(StepId.REPOSITORY, "an ECR repository for the server image", repository != null,
                repository == null ? "none found: create one (Registry > Create)"
                        : repository.uri() + " (" + repository.why() + ")");
        if (repository != null) {
            boolean aes = "AES256".equals(repository.encryptionType());
            require(StepId.REPOSITORY, "repository encrypted with AES-256", aes, aes ? "AES256"
                    : repository.encryptionType() + ": the lab asks for AES-256; encryption is set when the repository"
                            + " is created, so create it again with --encryption-configuration encryptionType=AES256");
            advise(StepId.REPOSITORY, "scan on push", repository.scanOnPush(), repository.scanOnPush() ? "on"
                    : "aws ecr put-image-scanning-configuration --repository-name " + repository.name()
                            + " --image-scanning-configuration scanOnPush=true");
        }
        require(StepId.IMAGE, "the server image is pushed to the repository", repository != null
                && repository.image() != null, repository == null ? "no repository"
                : repository.image() != null ? repository.image()
                : "nothing in " + repository.uri() + ": push it (Registry > Build and push, or ./labconsole image push"
                        + " --lab <lab>)");
    }

    private void network() {
        var vpc = lab.vpc();
        require(StepId.VPC, "a VPC for the lab", vpc != null, vpc == null
                ? "none found (only the default VPC): create one (Network > Create), or choose it with --vpc"
                : vpc.id() + (vpc.name() == null ? "" : " (" + vpc.name() + ")") + " " + vpc.cidr()
                        + (vpc.why().isEmpty() ? "" : ": " + vpc.why()));
        if (vpc == null) {
            return;
        }
        advise(StepId.VPC, "DNS host names on", vpc.dnsHostnames(), vpc.dnsHostnames() ? "on"
                : "aws ec2 modify-vpc-attribute --vpc-id " + vpc.id() + " --enable-dns-hostnames '{\"Value\":true}'");

        List<FoundLab.Subnet> pub = lab.subnets(Role.PUBLIC);
        List<FoundLab.Subnet> priv = lab.subnets(Role.PRIVATE);
        Set<String> publicZones = pub.stream().map(FoundLab.Subnet::zone).collect(Collectors.toSet());
        Set<String> privateZones = priv.stream().map(FoundLab.Subnet::zone).collect(Collectors.toSet());
        boolean layout = pub.size() == 2 && priv.size() == 2 && publicZones.size() == 2 && privateZones.equals(publicZones);
        String subnets = java.util.stream.Stream.concat(pub.stream(), priv.stream()).map(FoundLab.Subnet::describe)
                .collect(Collectors.joining("; "));
        require(StepId.SUBNETS, "two public and two private subnets in two availability zones (one of each per zone)",
                layout, (subnets.isEmpty() ? "no subnets in " + vpc.id() : subnets)
                        + (layout ? "" : pub.size() < 2 || priv.size() < 2
                                ? ": found " + pub.size() + " public and " + priv.size() + " private"
                                : ": zones " + publicZones + " (public) and " + privateZones
                                        + " (private); put one public and one private subnet in each of two zones"));
        boolean maps = !pub.isEmpty() && pub.stream().allMatch(FoundLab.Subnet::mapPublicIpOnLaunch);
        advise(StepId.SUBNETS, "public subnets assign public IPv4 addresses on launch", maps, maps ? "on"
                : pub.stream().filter(s -> !s.mapPublicIpOnLaunch()).map(s -> "aws ec2 modify-subnet-attribute"
                        + " --subnet-id " + s.id() + " --map-public-ip-on-launch").collect(Collectors.joining("; ")));

        var igw = lab.internetGateway();
        require(StepId.INTERNET_GATEWAY, "an internet gateway attached to the VPC", igw != null, igw == null
                ? "none attached to " + vpc.id() + ": create one and attach it" : igw.id()
                        + (igw.name() == null ? "" : " (" + igw.name() + ")"));

        List<String> wrongPublic = pub.stream().filter(s -> s.defaultRoute() != DefaultRoute.INTERNET_GATEWAY)
                .map(s -> s.label() + " sends 0.0.0.0/0 to " + target(s)).toList();
        require(StepId.PUBLIC_ROUTES, "public subnets send 0.0.0.0/0 to the internet gateway",
                !pub.isEmpty() && wrongPublic.isEmpty(), pub.isEmpty() ? "no public subnet found"
                        : wrongPublic.isEmpty() ? routeTables(pub) : String.join("; ", wrongPublic)
                                + ": add the route to their route table, or associate them with the public route table");

        var nat = lab.natGateway();
        boolean natInPublic = nat.isPresent() && lab.subnet(nat.get().subnetId()).map(s -> s.role() == Role.PUBLIC)
                .orElse(false);
        boolean natHasIp = nat.isPresent() && nat.get().allocationId() != null;
        require(StepId.NAT_GATEWAY, "a NAT gateway in a public subnet, with an Elastic IP", natInPublic && natHasIp,
                nat.isEmpty() ? "no NAT gateway in " + vpc.id() + ": create one in a public subnet"
                        : nat.get().id() + " in " + lab.subnet(nat.get().subnetId()).map(FoundLab.Subnet::describe)
                                .orElse(nat.get().subnetId())
                                + (natHasIp ? ", Elastic IP " + nat.get().publicIp() : ", no Elastic IP")
                                + (natInPublic ? "" : ": a NAT gateway must sit in a public subnet (one that routes to"
                                        + " the internet gateway) to reach the internet"));

        List<String> wrongPrivate = priv.stream().filter(s -> s.defaultRoute() != DefaultRoute.NAT_GATEWAY)
                .map(s -> s.label() + " sends 0.0.0.0/0 to " + target(s)).toList();
        require(StepId.PRIVATE_ROUTES, "private subnets send 0.0.0.0/0 to a NAT gateway",
                !priv.isEmpty() && wrongPrivate.isEmpty(), priv.isEmpty() ? "no private subnet found"
                        : wrongPrivate.isEmpty() ? routeTables(priv) : String.join("; ", wrongPrivate)
                                + ": route them to the NAT gateway (a private subnet must not reach the internet"
                                + " gateway directly)");
    }

    /** "1", "0.5", "3". */
    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static String target(FoundLab.Subnet s) {
        return s.defaultRoute() == DefaultRoute.NONE ? "nowhere" : s.defaultTarget();
    }

    private static String routeTables(List<FoundLab.Subnet> subnets) {
        return subnets.stream().map(s -> s.id() + " -> " + s.routeTableId() + " -> " + s.defaultTarget())
                .collect(Collectors.joining(", "));
    }

    private void securityGroups() {
        if (lab.vpc() == null) {
            return;
        }
        int listenerPort = config.listenerPort();
        int containerPort = config.containerPort();
        var albGroup = lab.loadBalancerGroup();
        boolean open = albGroup != null && LabDiscovery.admitsFromAnywhere(albGroup, listenerPort);
        require(StepId.SECURITY_GROUPS, "the load balancer's security group admits TCP " + listenerPort + " from anywhere",
                open, albGroup == null ? (lab.loadBalancer() == null ? "no load balancer found, so no group to check"
                        : "the load balancer has no security group")
                        : albGroup.label() + (open ? "" : " has no such rule: aws ec2 authorize-security-group-ingress"
                                + " --group-id " + albGroup.id() + " --protocol tcp --port " + listenerPort
                                + " --cidr 0.0.0.0/0"));

        List<FoundLab.SecurityGroup> tasks = lab.taskGroups();
        boolean fromAlb = albGroup != null && tasks.stream().anyMatch(g -> g.ingress().stream()
                .anyMatch(r -> r.admitsTcp(containerPort) && r.groupIds().contains(albGroup.id())));
        require(StepId.SECURITY_GROUPS, "the tasks' security group admits TCP " + containerPort
                + " from the load balancer's group", fromAlb, tasks.isEmpty()
                        ? (lab.service() == null ? "no ECS service found, so no tasks' group to check"
                                : "the service has no security group")
                        : tasks.stream().map(FoundLab.SecurityGroup::label).collect(Collectors.joining(", "))
                                + (fromAlb ? " <- " + albGroup.id() : albGroup == null ? ": no load balancer group"
                                        : " has no such rule: aws ec2 authorize-security-group-ingress --group-id "
                                                + tasks.get(0).id() + " --protocol tcp --port " + containerPort
                                                + " --source-group " + albGroup.id()));

        // The safety rule: the world reaches the load balancer's listener port and nothing else.
        Set<FoundLab.SecurityGroup> groups = new LinkedHashSet<>();
        if (albGroup != null) {
            groups.add(albGroup);
        }
        groups.addAll(tasks);
        List<String> tooOpen = new ArrayList<>();
        for (FoundLab.SecurityGroup g : groups) {
            for (FoundLab.Rule r : g.ingress()) {
                boolean allowed = g.equals(albGroup) && "tcp".equals(r.protocol())
                        && Objects.equals(r.fromPort(), listenerPort) && Objects.equals(r.toPort(), listenerPort);
                if (r.fromAnywhere() && !allowed) {
                    tooOpen.add(g.label() + " opens " + r.ports() + " to the internet");
                }
            }
        }
        require(StepId.SECURITY_GROUPS, "nothing but TCP " + listenerPort + " on the load balancer is open to the internet",
                tooOpen.isEmpty(), tooOpen.isEmpty() ? groups.size() + " group(s) checked"
                        : String.join("; ", tooOpen) + ": remove those rules (the tasks are reached through the load"
                                + " balancer only)");
    }

    private void loadBalancer() {
        var tg = lab.targetGroup();
        require(StepId.TARGET_GROUP, "a target group of type ip", tg != null && "ip".equals(tg.targetType()),
                tg == null ? "none found: create one (Load balancer > Create)" : tg.name() + ": type " + tg.targetType()
                        + ("ip".equals(tg.targetType()) ? "" : ": Fargate tasks register by IP address; create a"
                                + " target group of type ip (the type cannot be changed)"));
        if (tg != null) {
            boolean http = "HTTP".equals(tg.protocol()) && Objects.equals(tg.port(), config.containerPort());
            require(StepId.TARGET_GROUP, "target group protocol HTTP, port " + config.containerPort(), http,
                    tg.protocol() + " " + tg.port() + (http ? "" : ": create it with HTTP " + config.containerPort()
                            + ", the port the model server listens on"));
            boolean hasPath = tg.healthCheckPath() != null && !tg.healthCheckPath().isBlank();
            require(StepId.TARGET_GROUP, "target group has a health check path", hasPath,
                    hasPath ? tg.healthCheckPath() : "none");
            boolean healthPath = config.healthCheckPath().equals(tg.healthCheckPath());
            advise(StepId.TARGET_GROUP, "health check path " + config.healthCheckPath() + " (the server's health"
                    + " endpoint: 200 only once the model has loaded)", healthPath, healthPath ? "yes"
                            : "aws elbv2 modify-target-group --target-group-arn " + tg.arn() + " --health-check-path "
                                    + config.healthCheckPath());
        }

        var lb = lab.loadBalancer();
        if (lb == null) {
            require(StepId.LOAD_BALANCER, "an internet-facing Application Load Balancer", false,
                    "none found in the lab's VPC: create one (Load balancer > Create)");
            require(StepId.LISTENER, "an HTTP " + config.listenerPort() + " listener forwarding to the target group", false,
                    "no load balancer");
            return;
        }
        boolean internetFacing = "internet-facing".equals(lb.scheme());
        require(StepId.LOAD_BALANCER, "an internet-facing Application Load Balancer", internetFacing,
                lb.name() + " (" + lb.why() + "): " + lb.scheme() + (internetFacing ? ", " + lb.dnsName()
                        : ": an internal load balancer cannot be reached from the internet; create an internet-facing"
                                + " one (the scheme cannot be changed)"));
        List<FoundLab.Subnet> pub = lab.subnets(Role.PUBLIC);
        Set<String> publicIds = pub.stream().map(FoundLab.Subnet::id).collect(Collectors.toSet());
        boolean inPublic = pub.size() == 2 && lb.subnetIds().size() == 2 && publicIds.containsAll(lb.subnetIds());
        require(StepId.LOAD_BALANCER, "the load balancer is in both public subnets", inPublic,
                lb.subnetIds().stream().map(id -> lab.subnet(id).map(FoundLab.Subnet::describe).orElse(id))
                        .collect(Collectors.joining(", "))
                        + (inPublic ? "" : ": aws elbv2 set-subnets --load-balancer-arn " + lb.arn() + " --subnets "
                                + pub.stream().map(FoundLab.Subnet::id).collect(Collectors.joining(" "))));

        FoundLab.Listener listener = lb.listeners().stream().filter(l -> l.port() == config.listenerPort()).findFirst()
                .orElse(null);
        boolean forwards = listener != null && "HTTP".equals(listener.protocol()) && tg != null
                && listener.forwardsTo().contains(tg.arn());
        require(StepId.LISTENER, "an HTTP " + config.listenerPort() + " listener forwarding to the target group", forwards,
                listener == null ? "no listener on port " + config.listenerPort() + ": create one forwarding to "
                        + (tg == null ? "the target group" : tg.name())
                        : listener.protocol() + " " + listener.port() + " forwards to " + listener.forwardsTo()
                                + (forwards ? "" : tg == null ? "" : ": make it forward to " + tg.name()));
    }

    private void containers() {
        var service = lab.service();
        var td = lab.taskDefinition();
        var logs = lab.logGroup();
        if (td != null) {
            boolean retention = logs != null && Objects.equals(logs.retentionInDays(), config.logRetentionDays());
            advise(StepId.LOG_GROUP, "log group keeps logs " + config.logRetentionDays() + " days (not forever)", retention,
                    logs == null ? (td.logGroupName() == null ? "the task definition sends no logs to CloudWatch"
                            : td.logGroupName() + " does not exist yet: aws logs create-log-group --log-group-name "
                                    + td.logGroupName())
                            : logs.name() + ": " + (logs.retentionInDays() == null ? "kept forever"
                                    : logs.retentionInDays() + " days")
                                    + (retention ? "" : ": aws logs put-retention-policy --log-group-name " + logs.name()
                                            + " --retention-in-days " + config.logRetentionDays()));
        }
        boolean roles = td != null && td.taskRoleExists() && td.executionRoleExists();
        require(StepId.ROLES, "the task definition has a task role and an execution role that exist", roles,
                td == null ? "no task definition found" : "task role " + td.taskRoleArn() + (td.taskRoleExists() ? ""
                        : " (missing)") + ", execution role " + td.executionRoleArn()
                        + (td.executionRoleExists() ? "" : " (missing)")
                        + (roles ? "" : ": in AWS Academy use LabRole for both"));
        require(StepId.CLUSTER, "an ECS cluster", service != null, service == null
                ? "no ECS service found in the lab's VPC, so no cluster: create both (Containers > Create)"
                : service.clusterName());
        if (td == null) {
            require(StepId.TASK_DEFINITION, "a Fargate task definition", false, service == null ? "no ECS service found"
                    : "the service's task definition cannot be read");
        } else {
            boolean fargate = td.compatibilities().contains("FARGATE") && "awsvpc".equals(td.networkMode());
            require(StepId.TASK_DEFINITION, "a Fargate task definition", fargate, td.arn() + ": " + td.compatibilities()
                    + ", network mode " + td.networkMode());
            boolean platform = "LINUX".equals(td.operatingSystem()) && "X86_64".equals(td.cpuArchitecture());
            require(StepId.TASK_DEFINITION, "Linux/X86_64", platform || td.operatingSystem() == null
                    && td.cpuArchitecture() == null, (td.operatingSystem() == null ? "LINUX (default)" : td.operatingSystem())
                    + "/" + (td.cpuArchitecture() == null ? "X86_64 (default)" : td.cpuArchitecture()));
            boolean size = String.valueOf(config.cpu()).equals(td.cpu())
                    && String.valueOf(config.memoryMiB()).equals(td.memory());
            require(StepId.TASK_DEFINITION, number(config.cpu() / 1024.0) + " vCPU and " + number(config.memoryMiB() / 1024.0)
                    + " GB",
                    size, "cpu " + td.cpu() + ", memory " + td.memory());
            boolean port = td.containerPorts().contains(config.containerPort());
            require(StepId.TASK_DEFINITION, "container port " + config.containerPort(), port, "ports "
                    + td.containerPorts());
        }
        if (service == null) {
            require(StepId.SERVICE, "an ECS service with " + config.desiredCount() + " tasks", false,
                    "none found in the lab's VPC: create one (Containers > Create)");
            return;
        }
        require(StepId.SERVICE, "an ECS service with " + config.desiredCount() + " tasks",
                service.desiredCount() == config.desiredCount(), service.name() + " (" + service.why() + "): desired "
                        + service.desiredCount()
                        + ", running " + service.runningCount());
        Set<String> privateIds = lab.subnets(Role.PRIVATE).stream().map(FoundLab.Subnet::id).collect(Collectors.toSet());
        Set<String> publicIds = lab.subnets(Role.PUBLIC).stream().map(FoundLab.Subnet::id).collect(Collectors.toSet());
        boolean inPrivate = !service.subnetIds().isEmpty() && privateIds.containsAll(service.subnetIds());
        require(StepId.SERVICE, "the tasks run in the private subnets", inPrivate,
                service.subnetIds().stream().map(id -> lab.subnet(id).map(FoundLab.Subnet::describe).orElse(id))
                        .collect(Collectors.joining(", "))
                        + (inPrivate ? "" : service.subnetIds().stream().anyMatch(publicIds::contains)
                                ? ": tasks in a public subnet sit next to the internet; update the service to use the"
                                        + " private subnets"
                                : ": update the service to use the private subnets"));
        boolean noPublicIp = !"ENABLED".equals(service.assignPublicIp());
        require(StepId.SERVICE, "the tasks get no public IP (unreachable from the internet)", noPublicIp,
                "assign public IP " + service.assignPublicIp() + (noPublicIp ? ""
                        : ": update the service with assignPublicIp=DISABLED; they reach the internet through the NAT"
                                + " gateway"));
        var tg = lab.targetGroup();
        boolean registered = tg != null && service.targetGroupArns().contains(tg.arn());
        require(StepId.SERVICE, "the service is registered with the target group", registered,
                service.targetGroupArns().isEmpty() ? "the service has no load balancer: create it again with the"
                        + " target group (a service's load balancers are set when it is created)"
                        : "registered with " + service.targetGroupArns()
                                + (registered ? "" : tg == null ? "" : ", not " + tg.name()));
    }
}
