package dev.labconsole.ui.diagram;

import dev.labconsole.lab.FoundLab;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import dev.labconsole.lab.scale.ServiceScaling;
import dev.labconsole.ui.LabSession;
import dev.labconsole.ui.StepStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the network diagram shows: each element and how it looks, from the state's ids and the steps'
 * statuses, and for a lab built by hand from what the last check found. Immutable; computed without the
 * toolkit.
 *
 * @param looks each element's look
 * @param labels each element's text (the subnets with their CIDR blocks, what a route table and a security
 *     group do)
 * @param ids each element's recorded id, for the shape's tooltip (absent when nothing is recorded)
 * @param notes more for an element's tooltip (its name, every rule of a security group, the cost at the most
 *     tasks); absent when there is nothing more
 */
public record DiagramModel(Map<Element, Look> looks, Map<Element, String> labels, Map<Element, String> ids,
        Map<Element, String> notes) {

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
        notes = Map.copyOf(notes);
    }

    public DiagramModel(Map<Element, Look> looks, Map<Element, String> labels, Map<Element, String> ids) {
        this(looks, labels, ids, Map.of());
    }

    /**
     * The diagram for what the engine knows now: {@code config}'s CIDR blocks and ports on what Lab Console
     * built; for what the last check found instead (a lab built by hand), its own CIDRs, zones, names and
     * security group rules; the service's autoscaling on the tasks.
     */
    public static DiagramModel from(LabSession.Snapshot snapshot, LabConfig config) {
        DiagramModel plain = from(snapshot.ids(), snapshot.statuses());
        Map<Element, String> labels = new EnumMap<>(plain.labels());
        Map<Element, String> notes = new EnumMap<>(Element.class);
        labels.put(Element.VPC, "VPC " + config.vpcCidr());
        labels.put(Element.PUBLIC_SUBNET_1, "public " + config.publicSubnetCidrs().get(0));
        labels.put(Element.PUBLIC_SUBNET_2, "public " + config.publicSubnetCidrs().get(1));
        labels.put(Element.PRIVATE_SUBNET_1, "private " + config.privateSubnetCidrs().get(0));
        labels.put(Element.PRIVATE_SUBNET_2, "private " + config.privateSubnetCidrs().get(1));
        labels.put(Element.TASK_SECURITY_GROUP, "tasks' security group: lets in TCP " + config.containerPort()
                + " only from the load balancer's group");
        labels.put(Element.TASKS, "tasks (port " + config.containerPort() + ")");
        FoundLab found = snapshot.found();
        if (found != null) {
            new FoundLabels(found, snapshot.ids(), config, labels, notes).apply();
        }
        ServiceScaling.Status scaling = snapshot.scaling();
        if (scaling != null) {
            labels.put(Element.TASKS, "tasks: " + scaling.minTasks() + "-" + scaling.maxTasks()
                    + (scaling.metric() == null ? ", no target-tracking policy"
                            : ", target tracking on " + tracked(scaling.metric())));
            notes.merge(Element.TASKS, String.format(Locale.ROOT,
                    "autoscaling: %d to %d tasks, holding %s at %s; at %d tasks the service costs at most $%.3f/h",
                    scaling.minTasks(), scaling.maxTasks(), scaling.metric() == null ? "nothing"
                            : scaling.metric().words(), trim(scaling.target()), scaling.maxTasks(),
                    scaling.maxHourlyUsd()), (a, b) -> a + "\n" + b);
        }
        return new DiagramModel(plain.looks(), labels, plain.ids(), notes);
    }

    private static String tracked(ServiceScaling.Metric metric) {
        return metric == ServiceScaling.Metric.CPU ? "average CPU" : "requests per target";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /**
     * The labels and notes of what a check found, for the shapes whose id is the one found (the state's ids win:
     * where Lab Console recorded another resource, the settings describe it).
     */
    private record FoundLabels(FoundLab found, Map<ResourceKey, String> shown, LabConfig config,
            Map<Element, String> labels, Map<Element, String> notes) {

        void apply() {
            Map<ResourceKey, String> foundIds = found.ids();
            if (found.vpc() != null && drawn(foundIds, Element.VPC)) {
                labels.put(Element.VPC, "VPC " + found.vpc().cidr());
                notes.put(Element.VPC, named(found.vpc().name(), found.vpc().id()));
            }
            subnets(foundIds, FoundLab.Role.PUBLIC, "public ", Element.PUBLIC_SUBNET_1, Element.PUBLIC_SUBNET_2);
            subnets(foundIds, FoundLab.Role.PRIVATE, "private ", Element.PRIVATE_SUBNET_1, Element.PRIVATE_SUBNET_2);
            if (found.internetGateway() != null && drawn(foundIds, Element.INTERNET_GATEWAY)) {
                notes.put(Element.INTERNET_GATEWAY, named(found.internetGateway().name(), found.internetGateway().id()));
            }
            found.natGateway().filter(n -> drawn(foundIds, Element.NAT_GATEWAY)).ifPresent(nat -> {
                if (nat.publicIp() != null) {
                    labels.put(Element.NAT_GATEWAY, "NAT " + nat.publicIp());
                }
                String subnet = found.subnet(nat.subnetId()).map(sub -> named(sub.name(), sub.id()))
                        .orElse(nat.subnetId());
                notes.put(Element.NAT_GATEWAY, named(nat.name(), nat.id()) + "\nin subnet " + subnet
                        + (nat.publicIp() == null ? "" : "\npublic IP " + nat.publicIp())
                        + (nat.state() == null ? "" : "\n" + nat.state()));
            });
            FoundLab.SecurityGroup balancer = found.loadBalancerGroup();
            String balancerId = balancer == null ? null : balancer.id();
            if (balancer != null && drawn(foundIds, Element.ALB_SECURITY_GROUP)) {
                group(Element.ALB_SECURITY_GROUP, "load balancer's group", balancer, balancerId,
                        rule -> !(rule.admitsTcp(config.listenerPort()) && "tcp".equalsIgnoreCase(rule.protocol())
                                && Objects.equals(rule.fromPort(), rule.toPort())));
            }
            if (!found.taskGroups().isEmpty() && drawn(foundIds, Element.TASK_SECURITY_GROUP)) {
                // Tasks that the internet reaches directly skip the load balancer: every such rule is a warning.
                group(Element.TASK_SECURITY_GROUP, "tasks' group", found.taskGroups().get(0), balancerId, rule -> true);
            }
        }

        private boolean drawn(Map<ResourceKey, String> foundIds, Element element) {
            String id = foundIds.get(element.key);
            return id != null && id.equals(shown.get(element.key));
        }

        private void subnets(Map<ResourceKey, String> foundIds, FoundLab.Role role, String prefix, Element... elements) {
            List<FoundLab.Subnet> subnets = found.subnets(role);
            for (int i = 0; i < elements.length && i < subnets.size(); i++) {
                FoundLab.Subnet subnet = subnets.get(i);
                if (drawn(foundIds, elements[i])) {
                    labels.put(elements[i], prefix + subnet.cidr() + "\n" + subnet.zone());
                    notes.put(elements[i], named(subnet.name(), subnet.id()) + "\n" + subnet.cidr() + " in "
                            + subnet.zone());
                }
            }
        }

        /** "web-sg: lets in TCP 80 from 0.0.0.0/0", with a warning for each rule that lets the internet in wider. */
        private void group(Element element, String what, FoundLab.SecurityGroup group, String balancerId,
                java.util.function.Predicate<FoundLab.Rule> tooWideFromAnywhere) {
            List<String> rules = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (FoundLab.Rule rule : group.ingress()) {
                // One line per source: AWS keeps one rule per port range, however many sources it admits.
                for (String source : sources(rule, balancerId)) {
                    String words = "lets in " + ports(rule) + " from " + source;
                    rules.add(words);
                    if (("0.0.0.0/0".equals(source) || "::/0".equals(source)) && tooWideFromAnywhere.test(rule)) {
                        warnings.add(words);
                    }
                }
            }
            // The box holds three or four short lines: the group's name and every rule are in the tooltip.
            String label = what + ": " + (rules.isEmpty() ? "lets nothing in"
                    : warnings.isEmpty() ? rules.get(0) : warnings.get(0));
            if (!warnings.isEmpty()) {
                label = "\u26a0 " + label;
            }
            labels.put(element, label);
            StringBuilder note = new StringBuilder(named(group.name(), group.id()));
            rules.forEach(r -> note.append("\n").append(r));
            warnings.forEach(w -> note.append("\nwarning: ").append(w).append(
                    element == Element.TASK_SECURITY_GROUP ? " (the tasks should be reached only through the load"
                            + " balancer)" : " (the lab opens only its listener's port to the internet)"));
            notes.put(element, note.toString());
        }

        /** "TCP 80", "TCP 8000-8010", "all traffic". */
        private static String ports(FoundLab.Rule rule) {
            return "-1".equals(rule.protocol()) ? "all traffic"
                    : rule.protocol().toUpperCase(Locale.ROOT) + " " + (rule.fromPort() == null ? "all ports"
                            : rule.fromPort() + (Objects.equals(rule.fromPort(), rule.toPort()) ? ""
                                    : "-" + rule.toPort()));
        }

        /** "0.0.0.0/0", "the load balancer's group", "group sg-0ab..". */
        private static List<String> sources(FoundLab.Rule rule, String balancerId) {
            List<String> from = new ArrayList<>(rule.cidrs());
            rule.groupIds().forEach(g -> from.add(g.equals(balancerId) ? "the load balancer's group" : "group " + g));
            return from;
        }

        /** "my-vpc (vpc-0ab..)", or the id alone when it has no name. */
        private static String named(String name, String id) {
            return name == null || name.isBlank() ? id : name + " (" + id + ")";
        }
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
