package dev.labconsole.lab.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * A bounded load test of the service's {@code /predict} through the load balancer, so a student sees the
 * metrics and alarms react: a fixed number of requests at a fixed concurrency, both capped, never open-ended.
 */
public final class LoadTest {

    /** At most this many requests in one test: enough for the metrics to move, far from a flood. */
    public static final int MAX_REQUESTS = 5_000;

    /** At most this many requests in flight. */
    public static final int MAX_CONCURRENCY = 32;

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    /** What to send; {@link #of} checks it. */
    public record Plan(URI predict, int requests, int concurrency, String text) {
    }

    /** A plan, or why there is none. */
    public record Parsed(Plan plan, List<String> problems) {
        public boolean ok() {
            return plan != null;
        }
    }

    /**
     * What the test measured.
     *
     * @param statuses how many answers of each HTTP status (0: no answer: refused, reset, timed out)
     * @param latencyMillis the 50th, 95th and 99th percentile and the slowest, of every request sent
     * @param perSecond requests completed in each second of the test
     */
    public record Result(int sent, int succeeded, Map<Integer, Integer> statuses, double[] latencyMillis,
            Duration wall, List<Integer> perSecond, boolean stopped) {

        public Result {
            statuses = Map.copyOf(statuses);
            latencyMillis = latencyMillis.clone();
            perSecond = List.copyOf(perSecond);
        }

        public int failed() {
            return sent - succeeded;
        }

        public double requestsPerSecond() {
            return wall.isZero() ? 0 : sent / (wall.toNanos() / 1e9);
        }
    }

    private LoadTest() {
    }

    /** Checks what the student typed: an http(s) address, 1..5,000 requests, 1..32 at once, a text. */
    public static Parsed of(String address, int requests, int concurrency, String text) {
        List<String> problems = new ArrayList<>();
        URI predict = null;
        if (address == null || address.isBlank()) {
            problems.add("no address to test: create the load balancer first (its DNS name is the address)");
        } else {
            try {
                String base = address.strip();
                base = base.contains("://") ? base : "http://" + base;
                URI parsed = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
                if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
                    problems.add("'" + address.strip() + "' is not an http:// or https:// address");
                } else {
                    predict = URI.create(parsed + "/predict");
                }
            } catch (IllegalArgumentException e) {
                problems.add("'" + address.strip() + "' is not an address (like http://my-alb-123.us-east-1.elb.amazonaws.com)");
            }
        }
        if (requests < 1 || requests > MAX_REQUESTS) {
            problems.add("requests must be between 1 and " + MAX_REQUESTS + ", not " + requests);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            problems.add("requests at once must be between 1 and " + MAX_CONCURRENCY + ", not " + concurrency);
        }
        if (text == null || text.isBlank()) {
            problems.add("the test needs a text to send to /predict");
        }
        return problems.isEmpty() ? new Parsed(new Plan(predict, requests, concurrency, text), List.of())
                : new Parsed(null, List.copyOf(problems));
    }

    /**
     * Sends the plan's requests, {@code concurrency} at a time; blocking. Stops early (between requests) when
     * {@code stop} says so or the thread is interrupted.
     *
     * @param done called with the number of requests completed so far, from the test's threads
     */
    public static Result run(Plan plan, IntConsumer done, BooleanSupplier stop) throws InterruptedException {
        String json = "{\"text\": \"" + plan.text().replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n") + "\"}";
        ExecutorService workers = Executors.newFixedThreadPool(plan.concurrency(), r -> {
            Thread t = new Thread(r, "load-test");
            t.setDaemon(true);
            return t;
        });
        HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).executor(workers).build();
        AtomicInteger tickets = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long[] latencies = new long[plan.requests()];
        AtomicLongArray perSecond = new AtomicLongArray(3600);
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(plan.concurrency(), r -> {
            Thread t = new Thread(r, "load-test-sender");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < plan.concurrency(); i++) {
                running.add(senders.submit(() -> {
                    int ticket;
                    while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()
                            && (ticket = tickets.getAndIncrement()) < plan.requests()) {
                        HttpRequest request = HttpRequest.newBuilder(plan.predict()).timeout(REQUEST_TIMEOUT)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
                        long sent = System.nanoTime();
                        int status;
                        try {
                            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (IOException e) {
                            status = 0;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        long finished = System.nanoTime();
                        latencies[ticket] = finished - sent;
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if (status == 200) {
                            succeeded.incrementAndGet();
                        }
                        int second = (int) Math.min(perSecond.length() - 1, (finished - start) / 1_000_000_000L);
                        perSecond.incrementAndGet(second);
                        done.accept(completed.incrementAndGet());
                    }
                }));
            }
            for (var future : running) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the load test failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            senders.shutdownNow();
            workers.shutdownNow();
            senders.awaitTermination(5, TimeUnit.SECONDS);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        int sent = completed.get();
        long[] measured = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
        double[] percentiles = measured.length == 0 ? new double[4] : new double[] {
            percentile(measured, 0.50), percentile(measured, 0.95), percentile(measured, 0.99),
            measured[measured.length - 1] / 1e6};
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        List<Integer> seconds = new ArrayList<>();
        int last = (int) Math.min(perSecond.length() - 1, wall.toSeconds());
        for (int s = 0; s <= last; s++) {
            seconds.add((int) perSecond.get(s));
        }
        return new Result(sent, succeeded.get(), counts, percentiles, wall, seconds, sent < plan.requests());
    }

    // Nearest-rank percentile, in milliseconds.
    private static double percentile(long[] sorted, double share) {
        int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
