package dev.labconsole.lab;

import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.runtime.source.ModelLocator;
import dev.labconsole.runtime.source.S3Location;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values apply uses that {@link LabConfig#validate()} cannot judge from their text: the model is
 * loaded and test-run exactly as {@code predict} loads it, so a damaged archive or an empty folder is
 * refused before the first AWS call rather than after the NAT gateway and load balancer exist.
 */
final class LabInputs {

    private static final Logger LOG = LoggerFactory.getLogger(LabInputs.class);

    private LabInputs() {
    }

    /**
     * Checks {@code config}'s model with {@code locator} (which unpacks archives into the same cache the
     * upload step reads). The bundled model is part of this build and tested with it, so it is not loaded
     * again; an {@code s3://} model is checked for its form only, since reading it is an AWS call.
     */
    static InputCheck check(LabConfig config, ModelLocator locator) {
        List<InputCheck.Problem> problems = new ArrayList<>();
        String uri = config.modelUri();
        if (ModelLocator.isBundled(uri)) {
            return new InputCheck(problems);
        }
        try {
            if (S3Location.isS3(uri.trim())) {
                S3Location.parse(uri.trim());
            } else {
                long start = System.nanoTime();
                try (TextClassifier model = locator.load(uri, (what, done, total) -> { })) {
                    LOG.info("model {} loaded and answered a test text in {} ms", uri,
                            (System.nanoTime() - start) / 1_000_000);
                }
            }
        } catch (ModelException e) {
            LOG.debug("the model {} cannot be used", uri, e);
            problems.add(new InputCheck.Problem("--model", "--model " + uri + ": " + e.getMessage()));
        }
        return new InputCheck(problems);
    }
}
