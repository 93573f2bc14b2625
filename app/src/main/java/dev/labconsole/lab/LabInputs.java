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
public final class LabInputs {

    // uri -> what the model's files looked like when it last passed: the command line checks before it
    // connects and the engine checks again before apply; the second check must not load it again.
    private static final java.util.Map<String, String> PASSED = new java.util.concurrent.ConcurrentHashMap<>();

    private static final Logger LOG = LoggerFactory.getLogger(LabInputs.class);

    private LabInputs() {
    }

    /**
     * Checks {@code config}'s model with {@code locator} (which unpacks archives into the same cache the
     * upload step reads). The bundled model is part of this build and tested with it, so it is not loaded
     * again; an {@code s3://} model is checked for its form only, since reading it is an AWS call.
     */
    public static InputCheck check(LabConfig config) {
        return check(config, ModelLocator.standard());
    }

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
                String fingerprint = fingerprint(uri);
                if (fingerprint == null || !fingerprint.equals(PASSED.get(uri))) {
                    long start = System.nanoTime();
                    try (TextClassifier model = locator.load(uri, (what, done, total) -> { })) {
                        LOG.info("model {} loaded and answered a test text in {} ms", uri,
                                (System.nanoTime() - start) / 1_000_000);
                    }
                    if (fingerprint != null) {
                        PASSED.put(uri, fingerprint);
                    }
                }
            }
        } catch (ModelException e) {
            LOG.debug("the model {} cannot be used", uri, e);
            problems.add(new InputCheck.Problem("--model", "--model: " + e.getMessage()));
        }
        return new InputCheck(problems);
    }

    // Sizes and times of every file under a local model, or null when it cannot be read (then it is loaded).
    private static String fingerprint(String uri) {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of(uri))) {
            StringBuilder text = new StringBuilder();
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files.sorted()::iterator) {
                java.nio.file.attribute.BasicFileAttributes attributes = java.nio.file.Files.readAttributes(file,
                        java.nio.file.attribute.BasicFileAttributes.class);
                text.append(file).append(' ').append(attributes.size()).append(' ')
                        .append(attributes.lastModifiedTime().toMillis()).append('\n');
            }
            return text.toString();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
