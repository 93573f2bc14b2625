package dev.labconsole.lab.steps;

import dev.labconsole.lab.LabContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** EC2 filters and tag specifications for finding and marking the lab's network resources. */
final class Ec2Lookup {

    private Ec2Lookup() {
    }

    /** Filters matching resources tagged with the lab and, when {@code name} is not null, that Name. */
    static List<Filter> labFilters(LabContext context, String name) {
        List<Filter> filters = new ArrayList<>();
        filters.add(Filter.builder().name("tag:" + LabContext.LAB_TAG).values(context.config().lab()).build());
        if (name != null) {
            filters.add(Filter.builder().name("tag:Name").values(name).build());
        }
        return filters;
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    /** The lab's tags as EC2 tags. */
    static List<Tag> tags(LabContext context, String name) {
        List<Tag> tags = new ArrayList<>();
        for (Map.Entry<String, String> e : context.tags(name).entrySet()) {
            tags.add(Tag.builder().key(e.getKey()).value(e.getValue()).build());
        }
        return tags;
    }

    /** Tags applied at creation, so no resource ever exists untagged (and unfindable). */
    static TagSpecification tagSpec(LabContext context, ResourceType type, String name) {
        return TagSpecification.builder().resourceType(type).tags(tags(context, name)).build();
    }

    /** The value of tag {@code key} in {@code tags}, or null. */
    static String tag(List<Tag> tags, String key) {
        for (Tag t : tags) {
            if (t.key().equals(key)) {
                return t.value();
            }
        }
        return null;
    }

    /** Whether {@code table} is its VPC's main table (which goes with the VPC, never on its own). */
    static boolean isMain(RouteTable table) {
        return table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()));
    }

    /**
     * Whether {@code tags} carry the lab's tag and, when {@code name} is not null, that Name. For
     * checking results whose tag filter an emulator ignores (moto's DescribeNatGateways does).
     */
    static boolean tagged(List<Tag> tags, LabContext context, String name) {
        return context.config().lab().equals(tag(tags, LabContext.LAB_TAG)) && (name == null || name.equals(tag(tags,
                "Name")));
    }
}
