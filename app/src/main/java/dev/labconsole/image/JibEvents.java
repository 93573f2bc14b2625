package dev.labconsole.image;

import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Jib reports while it builds, turned into per-layer byte progress and into which blobs this build
 * really sent.
 *
 * <p>Jib's events carry a blob's digest and size in their descriptions ("pushing blob sha256:...",
 * "checking base image layer sha256:..."), and its registry client marks the upload of a blob's bytes
 * with a "pushBlob PATCH" timer lap, on the thread pushing that blob ("Pushing BLOB sha256:..."). A blob
 * the registry already had (skipped) or mounted from the base image's repository has no such lap. These
 * are Jib 0.27's texts; tests read what the registry received to keep them honest.
 */
final class JibEvents implements Consumer<JibEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(JibEvents.class);
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final ImageProgress progress;
    private final Function<String, String> layerName;
    private final Map<String, Long> pushedSizes = new ConcurrentHashMap<>();
    private final Map<String, Long> pushedBytes = new ConcurrentHashMap<>();
    private final Map<String, Long> baseSizes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();
    private final Map<Thread, String> pushingOn = new ConcurrentHashMap<>();

    /**
     * @param layerName names a blob by its digest ("libraries", "base", ...)
     */
    JibEvents(ImageProgress progress, Function<String, String> layerName) {
        this.progress = progress;
        this.layerName = layerName;
    }

    @Override
    public void accept(JibEvent event) {
        if (event instanceof ProgressEvent progressEvent) {
            onProgress(progressEvent);
        } else if (event instanceof TimerEvent timer) {
            onTimer(timer);
        } else if (event instanceof LogEvent log) {
            // Jib's messages name images, digests and registries, never credentials.
            LOG.debug("jib {}: {}", log.getLevel(), log.getMessage());
        }
    }

    private void onProgress(ProgressEvent event) {
        String description = event.getAllocation().getDescription();
        String digest = digestIn(description);
        if (digest == null) {
            return;
        }
        long total = event.getAllocation().getAllocationUnits();
        if (description.startsWith("checking base image layer") || description.startsWith("pulling base image layer")) {
            // "checking" counts one unit, "pulling" the layer's bytes: keep the larger.
            baseSizes.merge(digest, total, Math::max);
        } else if (description.startsWith("pushing blob")) {
            pushedSizes.putIfAbsent(digest, total);
            long done = pushedBytes.merge(digest, event.getUnits(), Long::sum);
            progress.layer(layerName.apply(digest), Math.min(done, total), total);
        }
    }

    private void onTimer(TimerEvent event) {
        String description = event.getDescription();
        if (description == null) {
            return;
        }
        if (event.getState() == TimerEvent.State.START && description.startsWith("Pushing BLOB")) {
            String digest = digestIn(description);
            if (digest != null) {
                pushingOn.put(Thread.currentThread(), digest);
            }
        } else if (description.startsWith("pushBlob PATCH")) {
            String digest = pushingOn.get(Thread.currentThread());
            if (digest != null) {
                uploaded.add(digest);
            }
        }
    }

    /** Whether this build sent the blob's bytes (false: the registry had it, or mounted it). */
    boolean uploaded(String digest) {
        return uploaded.contains(digest);
    }

    /** The sizes of the blobs this build sent. */
    long bytesUploaded() {
        return uploaded.stream().mapToLong(digest -> pushedSizes.getOrDefault(digest, 0L)).sum();
    }

    /**
     * The base image's layers seen, by digest, in the order seen, with their compressed sizes (from the
     * pull, or from the push when the layer only needed checking; 1 when neither happened).
     */
    Map<String, Long> baseLayers() {
        Map<String, Long> layers;
        synchronized (baseSizes) {
            layers = new LinkedHashMap<>(baseSizes);
        }
        layers.replaceAll((digest, size) -> Math.max(size, pushedSizes.getOrDefault(digest, 0L)));
        return layers;
    }

    /** Compressed size of a blob this build pushed or checked, or -1. */
    long pushedSize(String digest) {
        return pushedSizes.getOrDefault(digest, -1L);
    }

    private static String digestIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = DIGEST.matcher(text);
        return matcher.find() ? matcher.group() : null;
    }
}
