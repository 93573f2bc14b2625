package dev.labconsole.ui.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Watches how responsive the JavaFX application thread is, from outside it.
 *
 * <ul>
 *   <li>A daemon thread posts a {@code Platform.runLater} every {@link #POST_INTERVAL_NANOS} carrying
 *       the time it was posted; the delay until it runs is how long anything the UI is asked to do
 *       would have waited.</li>
 *   <li>An {@link AnimationTimer} notes every pulse; the gap between pulses is how long the window
 *       could not repaint (60 Hz nominal: 16.7 ms).</li>
 *   <li>While a posted probe has waited longer than {@link #SAMPLE_AFTER_NANOS}, a second thread
 *       samples the FX thread's stack every 10 ms, so a stall arrives with its cause.</li>
 * </ul>
 *
 * <p>Samples are kept by time; {@link #window} cuts out a phase afterwards.
 */
final class FxStallProbe {

    static final long POST_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    static final long SAMPLE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long SAMPLER_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int CAPACITY = 1 << 20;
    private static final int STACK_DEPTH = 40;

    private final Thread fxThread;
    private final long uptimeOriginNanos;
    private volatile Thread renderer;
    private final AtomicLongArray postedAt = new AtomicLongArray(CAPACITY);
    private final AtomicLongArray ranAt = new AtomicLongArray(CAPACITY);
    private final AtomicLong lastPosted = new AtomicLong(-1);
    private final AtomicLong lastRan = new AtomicLong(-1);
    private final AtomicLongArray pulses = new AtomicLongArray(CAPACITY);
    private final AtomicLong pulseCount = new AtomicLong();
    private final List<StackSample> stackSamples = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running;
    private AnimationTimer timer;

    /** One look at the FX thread (and the render thread it may be waiting for) during a stall. */
    record StackSample(long atNanos, List<String> frames, List<String> rendererFrames) {
    }

    /** A run of probes that each waited over {@link #SAMPLE_AFTER_NANOS}: when it began (JVM uptime) and its worst wait. */
    record Episode(double uptimeSeconds, double worstMs) {
    }

    /** Max, p99 and p50 of one measure in one phase, in milliseconds. */
    record Stats(int count, double maxMs, double p99Ms, double p50Ms) {
        static Stats of(long[] nanos) {
            if (nanos.length == 0) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Stats(sorted.length, ms(sorted[sorted.length - 1]), ms(rank(sorted, 0.99)), ms(rank(sorted, 0.50)));
        }

        // Nearest rank: the smallest value with at least that share of samples at or below it.
        private static long rank(long[] sorted, double share) {
            int index = (int) Math.ceil(share * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    /** What one phase measured. */
    record Window(Stats runLaterDelay, Stats pulseGap, long gcMillis, long gcCount, List<List<String>> stallStacks,
            List<List<String>> rendererStacks, List<Episode> episodes) {

        /** Frames by how many stall samples they were on (anywhere in the stack), most first. */
        Map<String, Integer> framesBySamples() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (List<String> stack : stallStacks) {
                stack.stream().distinct().forEach(frame -> counts.merge(frame, 1, Integer::sum));
            }
            return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        }

        /** Whole stacks by how many stall samples showed exactly them, most first. */
        Map<String, Integer> stacksBySamples() {
            return bySamples(stallStacks);
        }

        /** The render thread's whole stacks during the stalls, most first. */
        Map<String, Integer> rendererStacksBySamples() {
            return bySamples(rendererStacks);
        }

        private static Map<String, Integer> bySamples(List<List<String>> stacks) {
            return stacks.stream().collect(Collectors.groupingBy(stack -> String.join("\n", stack),
                    Collectors.summingInt(stack -> 1))).entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue())
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        }
    }

    /** Call on the FX thread. */
    FxStallProbe() {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("make the probe on the FX thread: it watches the thread that makes it");
        }
        fxThread = Thread.currentThread();
        uptimeOriginNanos = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    }

    /** Starts posting, sampling and counting pulses. Call on the FX thread. */
    void start() {
        running = true;
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long index = pulseCount.getAndIncrement();
                if (index < CAPACITY) {
                    // The pulse's own time stamp, not when this timer got its turn within the pulse.
                    pulses.set((int) index, now);
                }
            }
        };
        timer.start();
        daemon("fx-stall-probe", this::postLoop).start();
        daemon("fx-stall-sampler", this::sampleLoop).start();
    }

    /** Stops everything. Call on the FX thread. */
    void stop() {
        running = false;
        timer.stop();
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        // Above the workers, so the probe's own lateness is not what it reports.
        thread.setPriority(Thread.MAX_PRIORITY);
        return thread;
    }

    private void postLoop() {
        long next = System.nanoTime();
        for (int seq = 0; running && seq < CAPACITY; seq++) {
            next += POST_INTERVAL_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int posted = seq;
            postedAt.set(posted, System.nanoTime());
            lastPosted.set(posted);
            Platform.runLater(() -> {
                ranAt.set(posted, System.nanoTime());
                lastRan.set(posted);
            });
        }
    }

    private void sampleLoop() {
        while (running) {
            LockSupport.parkNanos(SAMPLER_INTERVAL_NANOS);
            long oldestWaiting = lastRan.get() + 1;
            if (oldestWaiting > lastPosted.get()) {
                continue;
            }
            long now = System.nanoTime();
            if (now - postedAt.get((int) oldestWaiting) > SAMPLE_AFTER_NANOS) {
                stackSamples.add(new StackSample(now, frames(fxThread), frames(renderer())));
            }
        }
    }

    private static List<String> frames(Thread thread) {
        if (thread == null) {
            return List.of();
        }
        return Arrays.stream(thread.getStackTrace()).limit(STACK_DEPTH).map(StackTraceElement::toString)
                .collect(Collectors.toList());
    }

    // Prism paints on its own thread; a pulse waits for the previous frame's painting to finish.
    private Thread renderer() {
        if (renderer == null) {
            renderer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("QuantumRenderer")).findFirst().orElse(null);
        }
        return renderer;
    }

    /** Garbage-collection time and count so far, over every collector. */
    static long[] gcTotals() {
        long millis = 0;
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
            count += Math.max(0, gc.getCollectionCount());
        }
        return new long[] {millis, count};
    }

    /**
     * What happened between {@code fromNanos} and {@code toNanos}: probes posted in that span (a probe
     * still waiting at the end counts as waiting until now), pulse gaps ending in it, stacks sampled in it.
     */
    Window window(long fromNanos, long toNanos, long[] gcAtStart, long[] gcAtEnd) {
        List<Long> delays = new ArrayList<>();
        List<Episode> episodes = new ArrayList<>();
        long posted = Math.min(lastPosted.get(), CAPACITY - 1);
        long now = System.nanoTime();
        long episodeStart = -1;
        long episodeWorst = 0;
        for (int i = 0; i <= posted; i++) {
            long at = postedAt.get(i);
            if (at >= fromNanos && at < toNanos) {
                long ran = ranAt.get(i);
                long delay = (ran == 0 ? now : ran) - at;
                delays.add(delay);
                if (delay > SAMPLE_AFTER_NANOS) {
                    episodeStart = episodeStart < 0 ? at : episodeStart;
                    episodeWorst = Math.max(episodeWorst, delay);
                } else if (episodeStart >= 0) {
                    episodes.add(new Episode((episodeStart - uptimeOriginNanos) / 1e9, episodeWorst / 1e6));
                    episodeStart = -1;
                    episodeWorst = 0;
                }
            }
        }
        if (episodeStart >= 0) {
            episodes.add(new Episode((episodeStart - uptimeOriginNanos) / 1e9, episodeWorst / 1e6));
        }
        List<Long> gaps = new ArrayList<>();
        long count = Math.min(pulseCount.get(), CAPACITY);
        for (int i = 1; i < count; i++) {
            long end = pulses.get(i);
            if (end >= fromNanos && end < toNanos && pulses.get(i - 1) >= fromNanos) {
                gaps.add(end - pulses.get(i - 1));
            }
        }
        List<List<String>> stacks = new ArrayList<>();
        List<List<String>> rendererStacks = new ArrayList<>();
        synchronized (stackSamples) {
            for (StackSample sample : stackSamples) {
                if (sample.atNanos() >= fromNanos && sample.atNanos() < toNanos) {
                    stacks.add(sample.frames());
                    rendererStacks.add(sample.rendererFrames());
                }
            }
        }
        return new Window(Stats.of(delays.stream().mapToLong(Long::longValue).toArray()),
                Stats.of(gaps.stream().mapToLong(Long::longValue).toArray()),
                gcAtEnd[0] - gcAtStart[0], gcAtEnd[1] - gcAtStart[1], stacks, rendererStacks, episodes);
    }
}
