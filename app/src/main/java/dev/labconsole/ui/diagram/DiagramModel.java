package dev.labconsole.ui.diagram;

import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import dev.labconsole.ui.LabSession;
import dev.labconsole.ui.StepStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the network diagram shows: each element and how it looks, from the state's ids and the steps'
 * statuses. Immutable; computed without the toolkit.
 *
 * @param looks each element's look
 * @param labels each element's text (the subnets with their CIDR blocks, what a route table and a security
 *     group do)
 * @param ids each element's recorded id, for the shape's tooltip (absent when nothing is recorded)
 */
public record DiagramModel(Map<Element, Look> looks, Map<Element, String> labels, Map<Element, String> ids) {

    /** The shapes of the diagram, each with the state id and the step that make it. */
    public enum Element {
        VPC("VPC", ResourceKey.VPC, StepId.VPC),
        PUBLIC_SUBNET_1("public subnet 1", ResourceKey.PUBLIC_SUBNET_1, StepId.SUBNETS),
        PUBLIC_SUBNET_2("public subnet 2", ResourceKey.PUBLIC_SUBNET_2, StepId.SUBNETS),
        PRIVATE_SUBNET_1("private subnet 1", ResourceKey.PRIVATE_SUBNET_1, StepId.SUBNETS),
        PRIVATE_SUBNET_2("private subnet 2", ResourceKey.PRIVATE_SUBNET_2, StepId.SUBNETS),
        INTERNET_GATEWAY("Internet gateway", ResourceKey.INTERNET_GATEWAY, StepId.INTERNET_GATEWAY),
        PUBLIC_ROUTE_TABLE("public route table: 0.0.0.0/0 \u2192 internet gateway", ResourceKey.PUBLIC_ROUTE_TABLE,
                StepId.PUBLIC_ROUTES),
        NAT_GATEWAY("NAT gateway", ResourceKey.NAT_GATEWAY, StepId.NAT_GATEWAY),
        PRIVATE_ROUTE_TABLE("private route table: 0.0.0.0/0 \u2192 NAT gateway", ResourceKey.PRIVATE_ROUTE_TABLE,
                StepId.PRIVATE_ROUTES),
        LOAD_BALANCER("Load balancer", ResourceKey.LOAD_BALANCER, StepId.LOAD_BALANCER),
        TASKS("tasks", ResourceKey.SERVICE, StepId.SERVICE),
        ALB_SECURITY_GROUP("load balancer's security group: lets in TCP 80 from anywhere (0.0.0.0/0)",
                ResourceKey.ALB_SECURITY_GROUP, StepId.SECURITY_GROUPS),
        TASK_SECURITY_GROUP("tasks' security group: lets in TCP 8000 only from the load balancer's group",
                ResourceKey.TASK_SECURITY_GROUP, StepId.SECURITY_GROUPS);

        private final String label;
        private final ResourceKey key;
        private final StepId step;

        Element(String label, ResourceKey key, StepId step) {
            this.label = label;
            this.key = key;
            this.step = step;
        }

        public String label() {
            return label;
        }

        /** The step that builds it (its page owns it). */
        public StepId step() {
            return step;
        }
    }

    /** How an element is drawn. */
    public enum Look {
        /** Exists: solid. */
        EXISTS,
        /** Coming (not created yet, or being created): dashed. */
        PENDING,
        /** Its step failed: red. */
        FAILED
    }

    public DiagramModel {
        looks = Map.copyOf(looks);
        labels = Map.copyOf(labels);
        ids = Map.copyOf(ids);
    }

    /** The diagram for what the engine knows now. */
    public static DiagramModel from(LabSession.Snapshot snapshot) {
        return from(snapshot.ids(), snapshot.statuses());
    }

    /** The diagram for what the engine knows now, with {@code config}'s CIDR blocks and ports on the shapes. */
    public static DiagramModel from(LabSession.Snapshot snapshot, dev.labconsole.lab.LabConfig config) {
        DiagramModel plain = from(snapshot.ids(), snapshot.statuses());
        Map<Element, String> labels = new EnumMap<>(plain.labels());
        labels.put(Element.VPC, "VPC " + config.vpcCidr());
        labels.put(Element.PUBLIC_SUBNET_1, "public " + config.publicSubnetCidrs().get(0));
        labels.put(Element.PUBLIC_SUBNET_2, "public " + config.publicSubnetCidrs().get(1));
        labels.put(Element.PRIVATE_SUBNET_1, "private " + config.privateSubnetCidrs().get(0));
        labels.put(Element.PRIVATE_SUBNET_2, "private " + config.privateSubnetCidrs().get(1));
        labels.put(Element.TASK_SECURITY_GROUP, "tasks' security group: lets in TCP " + config.containerPort()
                + " only from the load balancer's group");
        labels.put(Element.TASKS, "tasks (port " + config.containerPort() + ")");
        return new DiagramModel(plain.looks(), labels, plain.ids());
    }

    /** The diagram for these ids and statuses: a failed step is red, a recorded id solid, the rest dashed. */
    public static DiagramModel from(Map<ResourceKey, String> ids, Map<StepId, StepStatus> statuses) {
        Map<Element, Look> looks = new EnumMap<>(Element.class);
        Map<Element, String> labels = new EnumMap<>(Element.class);
        Map<Element, String> shownIds = new EnumMap<>(Element.class);
        for (Element element : Element.values()) {
            labels.put(element, element == Element.VPC ? "VPC 10.0.0.0/16" : element.label());
            if (ids.containsKey(element.key) && !ids.get(element.key).isBlank()) {
                shownIds.put(element, ids.get(element.key));
            }
            StepStatus status = statuses.getOrDefault(element.step, StepStatus.PENDING);
            boolean recorded = ids.containsKey(element.key) && !ids.get(element.key).isBlank();
            if (status == StepStatus.FAILED) {
                looks.put(element, Look.FAILED);
            } else if (recorded && (status == StepStatus.DONE || status == StepStatus.PENDING)) {
                // PENDING with an id: recorded by an earlier run, before this window opened.
                looks.put(element, Look.EXISTS);
            } else {
                looks.put(element, Look.PENDING);
            }
        }
        return new DiagramModel(looks, labels, shownIds);
    }

    /** An empty lab: everything dashed. */
    public static DiagramModel empty() {
        return from(Map.of(), Map.of());
    }

    public Look look(Element element) {
        return looks.get(element);
    }
}
