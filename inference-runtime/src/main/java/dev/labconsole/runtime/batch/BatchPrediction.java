package dev.labconsole.runtime.batch;

import dev.labconsole.runtime.model.Prediction;
import dev.labconsole.runtime.model.TextClassifier;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Classifies the rows of an input file in batches and writes the results in input order.
 *
 * <p>Batches run on as many threads as there are cores (the classifier is thread-safe; small
 * batches leave libtorch's own threads idle). The output goes to a temporary file beside the target
 * and is moved into place only when complete: a failed or cancelled run leaves no partial file and
 * an existing output file untouched.
 */
public final class BatchPrediction {

    /** Called after each batch with the rows done and the total. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(int done, int total);
    }

    /**
     * What a run did.
     *
     * @param count how many texts were classified
     * @param elapsed how long the classification and writing took
     * @param output the file written
     */
    public record Summary(int count, Duration elapsed, Path output) {
        public double textsPerSecond() {
            return count / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    public static final int DEFAULT_BATCH_SIZE = 32;

    private final TextClassifier classifier;
    private final int batchSize;
    private final int threads;

    public BatchPrediction(TextClassifier classifier) {
        this(classifier, DEFAULT_BATCH_SIZE, Runtime.getRuntime().availableProcessors());
    }

    public BatchPrediction(TextClassifier classifier, int batchSize, int threads) {
        this.classifier = classifier;
        this.batchSize = batchSize;
        this.threads = Math.max(1, threads);
    }

    /**
     * Classifies {@code rows} into {@code output}.
     *
     * @throws CancellationException when {@code cancelled} turns true; nothing is written then
     */
    public Summary run(List<InputRow> rows, Path output, Progress progress, BooleanSupplier cancelled)
            throws IOException {
        return run(rows, output, OutputFormat.forFile(output), progress, cancelled);
    }

    /**
     * Classifies {@code rows} into {@code output} in {@code format}, whatever the file's name says.
     *
     * @throws CancellationException when {@code cancelled} turns true; nothing is written then
     */
    public Summary run(List<InputRow> rows, Path output, OutputFormat format, Progress progress,
            BooleanSupplier cancelled) throws IOException {
        long start = System.nanoTime();
        Path absolute = output.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        Path temporary = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".partial");
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "batch-predict");
            thread.setDaemon(true);
            return thread;
        });
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            PredictionWriter writer = new PredictionWriter(out, format);
            Deque<Future<List<Prediction>>> inFlight = new ArrayDeque<>();
            int submitted = 0;
            int written = 0;
            while (written < rows.size()) {
                while (submitted < rows.size() && inFlight.size() < threads * 2) {
                    List<String> texts = texts(rows, submitted, Math.min(rows.size(), submitted + batchSize));
                    inFlight.add(pool.submit(() -> classifier.classifyAll(texts)));
                    submitted += texts.size();
                }
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("batch prediction cancelled after " + written + " of " + rows.size());
                }
                List<Prediction> predictions = await(inFlight.removeFirst());
                writer.writeAll(texts(rows, written, written + predictions.size()), predictions);
                written += predictions.size();
                progress.update(written, rows.size());
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        } finally {
            pool.shutdownNow();
        }
        try {
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Summary(rows.size(), Duration.ofNanos(System.nanoTime() - start), absolute);
    }

    private static List<String> texts(List<InputRow> rows, int from, int to) {
        List<String> texts = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            texts.add(rows.get(i).text());
        }
        return texts;
    }

    private static List<Prediction> await(Future<List<Prediction>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
