package dev.labconsole.runtime.bench;

import dev.labconsole.runtime.model.ModelSpec;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.runtime.source.ModelLocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures the runtime the way a caller sees it: {@code classify(text)} end to end (tokenize,
 * forward, softmax), one text at a time, then batches of 32.
 *
 * <p>Usage: {@code LatencyBenchmark [--model URI] [--texts FILE] [--calls N]}. Prints one JSON object.
 */
public final class LatencyBenchmark {

    private LatencyBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String model = null;
        Path textsFile = null;
        int calls = 2000;
        for (int i = 0; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--model" -> model = args[i + 1];
                case "--texts" -> textsFile = Path.of(args[i + 1]);
                case "--calls" -> calls = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> texts = textsFile == null
                ? List.of("a gripping, beautifully acted film", "a tedious, overlong mess", "it is what it is")
                : Files.readAllLines(textsFile, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
        Path folder = ModelLocator.standard().resolve(model, (what, done, total) -> { });
        try (TextClassifier classifier = TextClassifier.load(ModelSpec.read(folder))) {
            for (int i = 0; i < Math.max(3000, calls); i++) {
                classifier.classify(texts.get(i % texts.size()));
            }
            long[] nanos = new long[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                classifier.classify(texts.get(i % texts.size()));
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            int batches = Math.max(20, calls / 32);
            List<List<String>> batchList = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                List<String> batch = new ArrayList<>(32);
                for (int j = 0; j < 32; j++) {
                    batch.add(texts.get((b * 32 + j) % texts.size()));
                }
                batchList.add(batch);
            }
            for (int b = 0; b < Math.min(10, batches); b++) {
                classifier.classifyAll(batchList.get(b));
            }
            long start = System.nanoTime();
            for (List<String> batch : batchList) {
                classifier.classifyAll(batch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT,
                    "{\"p50_us\": %.1f, \"p95_us\": %.1f, \"p99_us\": %.1f, \"batch32_texts_per_s\": %.0f, \"calls\": %d, "
                            + "\"texts\": %d, \"engine\": \"%s\"}%n",
                    percentile(nanos, 0.50) / 1e3, percentile(nanos, 0.95) / 1e3, percentile(nanos, 0.99) / 1e3,
                    batches * 32 / seconds, calls, texts.size(), classifier.spec().engine().djlName());
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
