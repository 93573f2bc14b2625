package dev.labconsole.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What real AWS does that {@code moto} does not, as the proxy sees it: resources that take time to
 * become available or to go away, network interfaces that linger after a delete and block the network's
 * deletion, addresses mapped to gateways, ids not yet visible right after their create, the first
 * cluster's service-linked role, expired session tokens, and ECS's rolling deployments with the
 * services' deployment configuration ({@link RollingDeployments}). Times are AWS's, on the settings' scale.
 */
final class AwsBehaviour {

    /** A NAT gateway's {@code pending} time before {@code available}. */
    static final Duration NAT_PENDING = Duration.ofSeconds(120);
    /** A NAT gateway's {@code deleting} time; its Elastic IP stays in use meanwhile. */
    static final Duration NAT_DELETING = Duration.ofSeconds(60);
    /** A load balancer's {@code provisioning} time before {@code active}. */
    static final Duration ALB_PROVISIONING = Duration.ofSeconds(150);
    /** How long a deleted load balancer's network interfaces stay in its subnets and security group. */
    static final Duration ALB_INTERFACES_LINGER = Duration.ofSeconds(90);
    /** How long stopped Fargate tasks' network interfaces stay. */
    static final Duration TASK_INTERFACES_LINGER = Duration.ofSeconds(60);
    /** A deleted service's DRAINING time: its tasks drain from the target group, then stop. */
    static final Duration SERVICE_DRAINING = Duration.ofSeconds(60);
    /** From a service's create or update until its tasks run (placement, image pull, start). */
    static final Duration TASKS_START = Duration.ofSeconds(60);
    /** How long ECS takes to create its service-linked role on the account's first cluster. */
    static final Duration SERVICE_LINKED_ROLE = Duration.ofSeconds(20);
    /** How long S3 may still find a bucket after its delete (eventual consistency). */
    static final Duration BUCKET_AFTER_DELETE = Duration.ofSeconds(10);
    /** How long a new EC2 id is invisible to other calls (eventual consistency). */
    static final Duration EVENTUAL_CONSISTENCY = Duration.ofSeconds(5);
    /** How long after its create an id can be hit by an injected NotFound fault (not scaled). */
    static final Duration NOT_FOUND_FAULT_WINDOW = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CREATED_ID_ELEMENT = Map.of("CreateVpc", "vpcId", "CreateSubnet",
            "subnetId", "CreateInternetGateway", "internetGatewayId", "CreateRouteTable", "routeTableId",
            "CreateSecurityGroup", "groupId", "AllocateAddress", "allocationId", "CreateNatGateway", "natGatewayId");
    private static final Map<String, String> NOT_FOUND_CODE = Map.of("vpc-", "InvalidVpcID.NotFound", "subnet-",
            "InvalidSubnetID.NotFound", "igw-", "InvalidInternetGatewayID.NotFound", "rtb-",
            "InvalidRouteTableID.NotFound", "sg-", "InvalidGroup.NotFound", "eipalloc-", "InvalidAllocationID.NotFound",
            "nat-", "NatGatewayNotFound");

    private final EmulatorSettings settings;
    /** EC2 ids by when they were created (nanoTime). */
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    private final Map<String, Gateway> natGateways = new ConcurrentHashMap<>();
    private final Map<String, Gateway> loadBalancers = new ConcurrentHashMap<>();
    /** ECS services (by name) by when their tasks were last asked to start. */
    private final Map<String, Long> serviceStarts = new ConcurrentHashMap<>();
    /** ECS services (by name) by when they were deleted. */
    private final Map<String, Long> serviceDeletes = new ConcurrentHashMap<>();
    /** S3 buckets (by name) by when they were deleted. */
    private final Map<String, Long> bucketDeletes = new ConcurrentHashMap<>();
    /** Actions the caller's policy does not allow (answered AccessDenied). */
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final AtomicLong tasksLingerUntil = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong firstClusterAttempt = new AtomicLong(Long.MIN_VALUE);
    private final Set<String> keysSeen = ConcurrentHashMap.newKeySet();
    private final Set<String> keysExpired = ConcurrentHashMap.newKeySet();
    private final AtomicInteger expiredAnswers = new AtomicInteger();
    /** Successful answers by action and client token: AWS answers a repeated token with the first result. */
    private final Map<String, byte[]> answeredTokens = new ConcurrentHashMap<>();
    /** ECS services' rolling deployments and deployment configuration, which moto does not keep. */
    private final RollingDeployments deployments;

    /** A NAT gateway or load balancer: when it was created and deleted (nanoTime; MIN_VALUE while not). */
    private static final class Gateway {
        final long created;
        final String allocationId;
        volatile long deleted = Long.MIN_VALUE;

        Gateway(long created, String allocationId) {
            this.created = created;
            this.allocationId = allocationId;
        }
    }

    AwsBehaviour(EmulatorSettings settings) {
        this.settings = settings;
        this.deployments = new RollingDeployments(settings, TASKS_START);
    }

    private static long now() {
        return System.nanoTime();
    }

    private long scaled(Duration awsTime) {
        return settings.scaled(awsTime).toNanos();
    }

    private boolean within(long since, Duration awsTime) {
        return since != Long.MIN_VALUE && now() - since < scaled(awsTime);
    }

    void deny(String action) {
        denied.add(action);
    }

    void expireKeysSeen() {
        keysExpired.addAll(keysSeen);
    }

    int expiredAnswers() {
        return expiredAnswers.get();
    }

    /** The error AWS would answer {@code request} with before doing anything, if any. */
    Optional<AwsErrorReply> refuse(AwsRequest request) {
        if (!request.accessKeyId().isEmpty()) {
            keysSeen.add(request.accessKeyId());
            if (keysExpired.contains(request.accessKeyId())) {
                expiredAnswers.incrementAndGet();
                return Optional.of(AwsErrorReply.of(request, request.protocol() == AwsRequest.Protocol.REST ? 400 : 400,
                        request.protocol() == AwsRequest.Protocol.JSON ? "ExpiredTokenException" : "ExpiredToken",
                        "The security token included in the request is expired"));
            }
        }
        if (denied.contains(request.action())) {
            return Optional.of(request.protocol() == AwsRequest.Protocol.JSON
                    ? AwsErrorReply.of(request, 400, "AccessDeniedException", "User is not authorized to perform: "
                            + request.action())
                    : AwsErrorReply.of(request, 403, "AccessDenied", "User is not authorized to perform: "
                            + request.action()));
        }
        if (settings.timeScale() <= 0) {
            return Optional.empty();
        }
        Optional<AwsErrorReply> stillThere = deletedBucketStillFound(request);
        if (stillThere.isPresent()) {
            return stillThere;
        }
        Optional<AwsErrorReply> notVisible = notVisibleYet(request);
        if (notVisible.isPresent()) {
            return notVisible;
        }
        return switch (request.action()) {
            case "DetachInternetGateway" -> anyPresent(natGateways) || anyPresent(loadBalancers)
                    ? dependency(request, "Network " + request.param("VpcId") + " has some mapped public address(es)."
                            + " Please unmap those public address(es) before detaching the gateway.")
                    : Optional.empty();
            case "ReleaseAddress" -> natGateways.values().stream()
                    .anyMatch(n -> n.allocationId != null && n.allocationId.equals(request.param("AllocationId"))
                            && present(n, NAT_DELETING))
                    ? Optional.of(AwsErrorReply.of(request, 400, "InvalidIPAddress.InUse",
                            "Address " + request.param("AllocationId") + " is in use."))
                    : Optional.empty();
            case "DeleteSubnet", "DeleteVpc" -> interfacesLinger() || anyPresent(natGateways)
                    ? dependency(request, "The " + (request.action().equals("DeleteVpc") ? "vpc '" + request.param("VpcId")
                            : "subnet '" + request.param("SubnetId")) + "' has dependencies and cannot be deleted.")
                    : Optional.empty();
            case "DeleteSecurityGroup" -> interfacesLinger()
                    ? dependency(request, "resource " + request.param("GroupId") + " has a dependent object")
                    : Optional.empty();
            case "CreateCluster" -> serviceLinkedRole(request);
            default -> Optional.empty();
        };
    }

    /** HeadBucket right after DeleteBucket may still answer 200, as S3 does for a moment. */
    private Optional<AwsErrorReply> deletedBucketStillFound(AwsRequest request) {
        if (request.protocol() != AwsRequest.Protocol.REST || !"HEAD".equals(request.method())) {
            return Optional.empty();
        }
        String bucket = bucketOf(request.path());
        Long deleted = bucket == null ? null : bucketDeletes.get(bucket);
        return deleted != null && within(deleted, BUCKET_AFTER_DELETE)
                ? Optional.of(new AwsErrorReply(200, "application/xml", new byte[0])) : Optional.empty();
    }

    /** The bucket of a path-style S3 path with no key ("/bucket" or "/bucket/"), else null. */
    private static String bucketOf(String path) {
        String trimmed = path == null ? "" : path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() || trimmed.contains("/") ? null : trimmed;
    }

    private Optional<AwsErrorReply> serviceLinkedRole(AwsRequest request) {
        if (!settings.serviceLinkedRoleDelay()) {
            return Optional.empty();
        }
        boolean first = firstClusterAttempt.compareAndSet(Long.MIN_VALUE, now());
        if (first || within(firstClusterAttempt.get(), SERVICE_LINKED_ROLE)) {
            return Optional.of(AwsErrorReply.of(request, 400, "InvalidParameterException",
                    "Unable to assume the service linked role. Please verify that the ECS service linked role exists."));
        }
        return Optional.empty();
    }

    private static Optional<AwsErrorReply> dependency(AwsRequest request, String message) {
        return Optional.of(AwsErrorReply.of(request, 400, "DependencyViolation", message));
    }

    private boolean present(Gateway gateway, Duration goingAway) {
        return gateway.deleted == Long.MIN_VALUE || within(gateway.deleted, goingAway);
    }

    private boolean anyPresent(Map<String, Gateway> gateways) {
        Duration goingAway = gateways == natGateways ? NAT_DELETING : Duration.ZERO;
        return gateways.values().stream().anyMatch(g -> present(g, goingAway));
    }

    /** Whether network interfaces of the load balancer or the tasks still sit in the subnets. */
    private boolean interfacesLinger() {
        return loadBalancers.values().stream().anyMatch(g -> present(g, ALB_INTERFACES_LINGER))
                || now() < tasksLingerUntil.get();
    }

    /** Within the eventual-consistency window, a call naming a new id is told it does not exist. */
    private Optional<AwsErrorReply> notVisibleYet(AwsRequest request) {
        return notFound(request, scaled(EVENTUAL_CONSISTENCY));
    }

    /** The NotFound an injected fault answers, when the request names an id created a moment ago. */
    Optional<AwsErrorReply> notFoundAfterCreate(AwsRequest request) {
        return notFound(request, NOT_FOUND_FAULT_WINDOW.toNanos());
    }

    private Optional<AwsErrorReply> notFound(AwsRequest request, long window) {
        if (request.protocol() != AwsRequest.Protocol.QUERY || !"ec2".equals(request.service())
                || request.action().startsWith("Create") && !request.action().equals("CreateRoute")
                        && !request.action().equals("CreateTags") || request.action().startsWith("Delete")) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> param : request.params().entrySet()) {
            // Filters on an id not yet visible find nothing rather than failing; only named ids fail.
            if (param.getKey().startsWith("Filter.")) {
                continue;
            }
            Long created = createdAt.get(param.getValue());
            if (created != null && now() - created < window) {
                String id = param.getValue();
                String code = NOT_FOUND_CODE.entrySet().stream().filter(e -> id.startsWith(e.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse("InvalidID.NotFound");
                return Optional.of(AwsErrorReply.of(request, 400, code, "The ID '" + id + "' does not exist"));
            }
        }
        return Optional.empty();
    }

    /**
     * The answer to a create repeated with the same client token: AWS does the create once and answers
     * every retry with its result (moto would create another).
     */
    Optional<byte[]> repeatedToken(AwsRequest request) {
        String token = clientToken(request);
        return token == null ? Optional.empty() : Optional.ofNullable(answeredTokens.get(request.action() + " " + token));
    }

    private static String clientToken(AwsRequest request) {
        String token = request.param(request.protocol() == AwsRequest.Protocol.JSON ? "clientToken" : "ClientToken");
        return token == null || token.isEmpty() ? null : token;
    }

    /** Records what the emulator did for {@code request} and returns its answer as AWS would give it now. */
    byte[] observe(AwsRequest request, int status, byte[] body) {
        if (status < 300 && request.protocol() == AwsRequest.Protocol.REST && "DELETE".equals(request.method())
                && bucketOf(request.path()) != null) {
            bucketDeletes.put(bucketOf(request.path()), now());
        }
        if (status >= 300 || request.action().isEmpty()) {
            return body;
        }
        String token = clientToken(request);
        if (token != null) {
            answeredTokens.putIfAbsent(request.action() + " " + token, body);
        }
        try {
            return switch (request.protocol()) {
                case QUERY -> observeQuery(request, body);
                case JSON -> observeJson(request, body);
                case REST -> body;
            };
        } catch (Exception e) {
            // An answer the emulator cannot read is passed on as it came.
            return body;
        }
    }

    private byte[] observeQuery(AwsRequest request, byte[] body) throws Exception {
        String action = request.action();
        String idElement = CREATED_ID_ELEMENT.get(action);
        if (idElement != null) {
            Matcher id = Pattern.compile("<" + idElement + ">([^<]+)</" + idElement + ">")
                    .matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            if (id.find()) {
                createdAt.putIfAbsent(id.group(1), now());
                if (action.equals("CreateNatGateway")) {
                    natGateways.putIfAbsent(id.group(1), new Gateway(now(), request.param("AllocationId")));
                }
            }
            return body;
        }
        switch (action) {
            case "DeleteNatGateway" -> deleted(natGateways, request.param("NatGatewayId"));
            case "CreateTargetGroup" -> {
                Matcher arn = Pattern.compile("<TargetGroupArn>([^<]+)</TargetGroupArn>")
                        .matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                if (arn.find()) {
                    deployments.targetGroupCreated(request, arn.group(1));
                }
            }
            case "ModifyTargetGroup", "ModifyTargetGroupAttributes" -> deployments.targetGroupModified(request);
            case "CreateLoadBalancer" -> {
                Matcher arn = Pattern.compile("<LoadBalancerArn>([^<]+)</LoadBalancerArn>")
                        .matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                if (arn.find()) {
                    loadBalancers.putIfAbsent(arn.group(1), new Gateway(now(), null));
                    return setStates(body, "LoadBalancerArn", "State", "Code", id -> "provisioning");
                }
            }
            case "DeleteLoadBalancer" -> deleted(loadBalancers, request.param("LoadBalancerArn"));
            case "DescribeNatGateways" -> {
                return setStates(body, "natGatewayId", null, "state", id -> {
                    Gateway nat = natGateways.get(id);
                    if (nat == null) {
                        return null;
                    }
                    if (nat.deleted != Long.MIN_VALUE) {
                        return within(nat.deleted, NAT_DELETING) ? "deleting" : null;
                    }
                    return within(nat.created, NAT_PENDING) ? "pending" : null;
                });
            }
            case "DescribeLoadBalancers" -> {
                return setStates(body, "LoadBalancerArn", "State", "Code", id -> {
                    Gateway alb = loadBalancers.get(id);
                    return alb != null && within(alb.created, ALB_PROVISIONING) ? "provisioning" : null;
                });
            }
            default -> {
                return body;
            }
        }
        return body;
    }

    private void deleted(Map<String, Gateway> gateways, String id) {
        if (id != null) {
            Gateway gateway = gateways.get(id);
            if (gateway != null && gateway.deleted == Long.MIN_VALUE) {
                gateway.deleted = now();
            }
        }
    }

    /**
     * Sets, in every element that holds an {@code idElement}, its {@code stateElement} (inside
     * {@code wrapper} when given) to what {@code state} says for the id (null: as it is).
     */
    private static byte[] setStates(byte[] body, String idElement, String wrapper, String stateElement,
            java.util.function.Function<String, String> state) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setExpandEntityReferences(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        NodeList ids = document.getElementsByTagName(idElement);
        boolean changed = false;
        for (int i = 0; i < ids.getLength(); i++) {
            Node idNode = ids.item(i);
            String wanted = state.apply(idNode.getTextContent().trim());
            if (wanted == null) {
                continue;
            }
            Element holder = child((Element) idNode.getParentNode(), wrapper == null ? stateElement : wrapper);
            Element target = holder == null ? null : wrapper == null ? holder : child(holder, stateElement);
            if (target != null) {
                target.setTextContent(wanted);
                changed = true;
            }
        }
        if (!changed) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private byte[] observeJson(AwsRequest request, byte[] body) throws IOException {
        switch (request.action()) {
            case "CreateService" -> {
                serviceStarts.put(request.param("serviceName"), now());
                deployments.created(request, JSON.readTree(body));
                return withDeployments(body, "service");
            }
            case "UpdateService" -> {
                String name = lastSegment(request.param("service"));
                JsonNode desired = request.json().get("desiredCount");
                if (desired != null && desired.asInt() == 0) {
                    tasksStopped();
                    deployments.updated(request, JSON.readTree(body));
                } else if (!deployments.updated(request, JSON.readTree(body))) {
                    serviceStarts.put(name, now());
                }
                return withDeployments(body, "service");
            }
            case "DeleteService" -> {
                tasksStopped();
                serviceDeletes.put(lastSegment(request.param("service")), now());
            }
            case "DescribeServices" -> {
                return describeServices(body);
            }
            default -> {
                return body;
            }
        }
        return body;
    }

    private void tasksStopped() {
        tasksLingerUntil.set(now() + scaled(TASK_INTERFACES_LINGER));
    }

    /** The service in a CreateService or UpdateService answer as AWS shows it: with its deployments now. */
    private byte[] withDeployments(byte[] body, String field) throws IOException {
        JsonNode root = JSON.readTree(body);
        return root.path(field) instanceof ObjectNode service && deployments.rewrite(service)
                ? JSON.writeValueAsBytes(root) : body;
    }

    /**
     * Tasks of a service created or updated a moment ago are still PENDING; a service moved to a new task
     * definition shows its rolling deployment.
     */
    private byte[] describeServices(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        boolean changed = false;
        for (JsonNode service : root.path("services")) {
            if (service instanceof ObjectNode node) {
                changed |= deployments.rewrite(node);
                if (deployments.rolledOut(node)) {
                    continue; // its rolling deployment says which tasks run
                }
            }
            Long deleted = serviceDeletes.get(service.path("serviceName").asText());
            if (deleted != null && within(deleted, SERVICE_DRAINING) && "INACTIVE".equals(service.path("status").asText())
                    && service instanceof ObjectNode draining) {
                draining.put("status", "DRAINING");
                changed = true;
                continue;
            }
            Long started = serviceStarts.get(service.path("serviceName").asText());
            if (started == null || !within(started, TASKS_START) || !(service instanceof ObjectNode node)) {
                continue;
            }
            int desired = node.path("desiredCount").asInt();
            node.put("runningCount", 0).put("pendingCount", desired);
            for (JsonNode deployment : node.path("deployments")) {
                if (deployment instanceof ObjectNode d) {
                    d.put("runningCount", 0).put("pendingCount", d.path("desiredCount").asInt());
                    if (d.path("desiredCount").asInt() > 0 && d.has("rolloutState")) {
                        // AWS calls a deployment whose tasks do not run yet in progress, whatever moto says.
                        d.put("rolloutState", "IN_PROGRESS").put("rolloutStateReason", "ECS deployment "
                                + d.path("id").asText() + " in progress.");
                    }
                }
            }
            changed = true;
        }
        return changed ? JSON.writeValueAsBytes(root) : body;
    }

    private static String lastSegment(String nameOrArn) {
        return nameOrArn == null ? "" : nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
    }
}
