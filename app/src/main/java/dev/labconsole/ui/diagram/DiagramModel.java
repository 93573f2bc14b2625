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
 */
public record DiagramModel(Map<Element, Look> looks) {

    /** The shapes of the diagram, each with the state id and the step that make it. */
    public enum Element {
        VPC("VPC", ResourceKey.VPC, StepId.VPC),
        PUBLIC_SUBNET_1("public subnet 1", ResourceKey.PUBLIC_SUBNET_1, StepId.SUBNETS),
        PUBLIC_SUBNET_2("public subnet 2", ResourceKey.PUBLIC_SUBNET_2, StepId.SUBNETS),
        PRIVATE_SUBNET_1("private subnet 1", ResourceKey.PRIVATE_SUBNET_1, StepId.SUBNETS),
        PRIVATE_SUBNET_2("private subnet 2", ResourceKey.PRIVATE_SUBNET_2, StepId.SUBNETS),
        INTERNET_GATEWAY("Internet gateway", ResourceKey.INTERNET_GATEWAY, StepId.INTERNET_GATEWAY),
        NAT_GATEWAY("NAT gateway", ResourceKey.NAT_GATEWAY, StepId.NAT_GATEWAY),
        LOAD_BALANCER("Load balancer", ResourceKey.LOAD_BALANCER, StepId.LOAD_BALANCER),
        TASKS("tasks", ResourceKey.SERVICE, StepId.SERVICE);

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
    }

    /** The diagram for what the engine knows now. */
    public static DiagramModel from(LabSession.Snapshot snapshot) {
        return from(snapshot.ids(), snapshot.statuses());
    }

    /** The diagram for these ids and statuses: a failed step is red, a recorded id solid, the rest dashed. */
    public static DiagramModel from(Map<ResourceKey, String> ids, Map<StepId, StepStatus> statuses) {
        Map<Element, Look> looks = new EnumMap<>(Element.class);
        for (Element element : Element.values()) {
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
        return new DiagramModel(looks);
    }

    /** An empty lab: everything dashed. */
    public static DiagramModel empty() {
        return from(Map.of(), Map.of());
    }

    public Look look(Element element) {
        return looks.get(element);
    }
}
