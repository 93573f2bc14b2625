package dev.labconsole.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How long the lab takes when independent steps run at the same time: the longest chain of
 * dependencies (the critical path), against the sum of all steps run one after another.
 *
 * @param total the critical path's length
 * @param sum all steps one after another
 * @param path the steps on the critical path, first to last
 */
public record CriticalPath(Duration total, Duration sum, List<StepId> path) {

    /**
     * Typical times on real AWS in us-east-1 (DESIGN.md): NAT gateway ~2 min to available, the load
     * balancer ~2.5 min to active, the service {@link ServiceTiming#typicalServiceStart()} (placing the
     * tasks, pulling the image, the server's start-up, two health checks 10 s apart); the rest takes
     * seconds (roles ~10 s for IAM to propagate).
     */
    public static Map<StepId, Duration> typicalOnAws() {
        Map<StepId, Duration> d = new EnumMap<>(StepId.class);
        for (StepId s : StepId.values()) {
            d.put(s, Duration.ofSeconds(3));
        }
        d.put(StepId.MODEL_UPLOAD, Duration.ofSeconds(10));
        // About 250 MB of layers the first time from a laptop's upstream link; nothing when the image is there.
        d.put(StepId.IMAGE, Duration.ofSeconds(120));
        d.put(StepId.NAT_GATEWAY, Duration.ofSeconds(120));
        d.put(StepId.LOAD_BALANCER, Duration.ofSeconds(150));
        d.put(StepId.ROLES, Duration.ofSeconds(12));
        d.put(StepId.SERVICE, ServiceTiming.typicalServiceStart());
        return d;
    }

    /** The critical path through every step given each step's duration (missing: zero). */
    public static CriticalPath of(Map<StepId, Duration> durations) {
        Map<StepId, Duration> finish = new EnumMap<>(StepId.class);
        Map<StepId, StepId> via = new EnumMap<>(StepId.class);
        Duration sum = Duration.ZERO;
        // StepId's order lists every step after what it needs, so one pass in order suffices.
        for (StepId step : StepId.values()) {
            Duration start = Duration.ZERO;
            for (StepId need : step.dependsOn()) {
                if (finish.get(need).compareTo(start) > 0) {
                    start = finish.get(need);
                    via.put(step, need);
                }
            }
            Duration own = durations.getOrDefault(step, Duration.ZERO);
            finish.put(step, start.plus(own));
            sum = sum.plus(own);
        }
        StepId last = StepId.values()[0];
        for (StepId step : StepId.values()) {
            if (finish.get(step).compareTo(finish.get(last)) > 0) {
                last = step;
            }
        }
        List<StepId> path = new ArrayList<>();
        for (StepId s = last; s != null; s = via.get(s)) {
            path.add(s);
        }
        Collections.reverse(path);
        return new CriticalPath(finish.get(last), sum, List.copyOf(path));
    }

    /** The recorded durations of a lab's last run. */
    public static Map<StepId, Duration> recorded(LabState state) {
        Map<StepId, Duration> d = new EnumMap<>(StepId.class);
        for (StepId s : StepId.values()) {
            state.elapsed(s).ifPresent(e -> d.put(s, e));
        }
        return d;
    }
}
