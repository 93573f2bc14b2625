package dev.labconsole.ui;

import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabConfigException;
import dev.labconsole.lab.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The lab's settings as the student types them (text), shared by every page, turned into a
 * {@link LabConfig} and checked with the engine's own rules.
 */
public final class ConfigForm {

    /**
     * One editable setting.
     *
     * @param label what the page shows
     * @param value the text typed
     * @param hint what an empty field means, or ""
     */
    public record Field(String label, StringProperty value, String hint) {
        public Field(String label, StringProperty value) {
            this(label, value, "");
        }
    }

    private final StringProperty lab;
    private final StringProperty vpcCidr;
    private final StringProperty publicSubnet1;
    private final StringProperty publicSubnet2;
    private final StringProperty privateSubnet1;
    private final StringProperty privateSubnet2;
    private final StringProperty listenerPort;
    private final StringProperty containerPort;
    private final StringProperty healthCheckPath;
    private final StringProperty desiredCount;
    private final StringProperty cpu;
    private final StringProperty memoryMiB;
    private final StringProperty logRetentionDays;
    private final StringProperty bucketName;
    private final StringProperty image;
    private final LabConfig defaults;

    /** A form prefilled with {@code defaults}. */
    public ConfigForm(LabConfig defaults) {
        this.defaults = defaults;
        lab = text(defaults.lab());
        vpcCidr = text(defaults.vpcCidr());
        publicSubnet1 = text(defaults.publicSubnetCidrs().get(0));
        publicSubnet2 = text(defaults.publicSubnetCidrs().get(1));
        privateSubnet1 = text(defaults.privateSubnetCidrs().get(0));
        privateSubnet2 = text(defaults.privateSubnetCidrs().get(1));
        listenerPort = text(defaults.listenerPort());
        containerPort = text(defaults.containerPort());
        healthCheckPath = text(defaults.healthCheckPath());
        desiredCount = text(defaults.desiredCount());
        cpu = text(defaults.cpu());
        memoryMiB = text(defaults.memoryMiB());
        logRetentionDays = text(defaults.logRetentionDays());
        bucketName = text(defaults.bucketName());
        image = text(defaults.image());
    }

    private static StringProperty text(Object value) {
        return new SimpleStringProperty(value == null ? "" : value.toString());
    }

    public StringProperty labProperty() {
        return lab;
    }

    /** The settings a section's page shows. */
    public List<Field> fields(Section section) {
        return switch (section) {
            case STORAGE -> List.of(new Field("Bucket name", bucketName, "empty: <lab>-models-<account>-<region>"));
            case REGISTRY -> List.of(new Field("Image", image, "empty: Lab Console builds and pushes its own"));
            case NETWORK -> List.of(new Field("VPC CIDR", vpcCidr), new Field("Public subnet 1", publicSubnet1),
                    new Field("Public subnet 2", publicSubnet2), new Field("Private subnet 1", privateSubnet1),
                    new Field("Private subnet 2", privateSubnet2));
            case LOAD_BALANCER -> List.of(new Field("Listener port", listenerPort),
                    new Field("Health check path", healthCheckPath));
            case CONTAINERS -> List.of(new Field("Container port", containerPort),
                    new Field("Desired tasks", desiredCount), new Field("CPU units", cpu),
                    new Field("Memory (MiB)", memoryMiB), new Field("Log retention (days)", logRetentionDays));
            default -> List.of();
        };
    }

    /** Everything a binding must watch to follow the form. */
    public Observable[] dependencies() {
        return new Observable[] {lab, vpcCidr, publicSubnet1, publicSubnet2, privateSubnet1, privateSubnet2,
            listenerPort, containerPort, healthCheckPath, desiredCount, cpu, memoryMiB, logRetentionDays,
            bucketName, image};
    }

    /** The settings, validated; throws {@link LabConfigException} listing every problem. */
    public LabConfig build() {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> numbers = new java.util.LinkedHashMap<>();
        for (Field f : List.of(new Field("listener port", listenerPort), new Field("container port", containerPort),
                new Field("desired tasks", desiredCount), new Field("CPU units", cpu),
                new Field("memory", memoryMiB), new Field("log retention", logRetentionDays))) {
            try {
                numbers.put(f.label(), Integer.parseInt(f.value().get().trim()));
            } catch (NumberFormatException e) {
                problems.add(f.label() + " '" + f.value().get() + "': type a whole number");
            }
        }
        if (!problems.isEmpty()) {
            throw new LabConfigException(problems);
        }
        LabConfig config = new LabConfig(lab.get().trim(), vpcCidr.get().trim(),
                List.of(publicSubnet1.get().trim(), publicSubnet2.get().trim()),
                List.of(privateSubnet1.get().trim(), privateSubnet2.get().trim()),
                numbers.get("listener port"), numbers.get("container port"), healthCheckPath.get().trim(),
                numbers.get("desired tasks"), numbers.get("CPU units"), numbers.get("memory"),
                numbers.get("log retention"), blankToNull(bucketName.get()), blankToNull(image.get()),
                defaults.taskRoleArn(), defaults.executionRoleArn(), defaults.modelUri(), defaults.keepBucket());
        return config.validate();
    }

    /** Why the settings cannot be used, or empty when they can. */
    public Optional<String> problem() {
        try {
            build();
            return Optional.empty();
        } catch (LabConfigException e) {
            return Optional.of(String.join("\n", e.problems()));
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
