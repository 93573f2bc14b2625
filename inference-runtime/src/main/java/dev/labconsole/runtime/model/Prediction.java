package dev.labconsole.runtime.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One text's classification.
 *
 * @param label the most probable label
 * @param score its probability
 * @param scores every label's probability, in the model's label order
 * @param latency how long the call that produced it took (for a batch: the whole batch)
 */
public record Prediction(String label, double score, Map<String, Double> scores, Duration latency) {

    public Prediction {
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }
}
