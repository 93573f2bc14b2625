package dev.labconsole.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.labconsole.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled model through the real DJL PyTorch engine. */
class TextClassifierTest {

    private static final List<String> REVIEWS = List.of(
            "a gripping , beautifully acted film that stays with you",
            "one of the best movies of the year",
            "a tedious , overlong mess with nothing to say",
            "the worst script i have sat through in ages",
            "it 's not a bad film , just a forgettable one",
            "warm , funny and wise");

    private static TextClassifier classifier;

    @BeforeAll
    static void load() {
        classifier = TextClassifier.load(ModelSpec.read(ProjectFiles.bundledModel()));
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void clearReviewsGetTheObviousLabel() {
        assertThat(classifier.classify("a gripping , beautifully acted film that stays with you").label())
                .isEqualTo("positive");
        assertThat(classifier.classify("a tedious , overlong mess with nothing to say").label()).isEqualTo("negative");
    }

    @Test
    void scoresAreProbabilitiesInLabelOrderWithALatency() {
        Prediction prediction = classifier.classify("one of the best movies of the year");
        assertThat(prediction.scores().keySet()).containsExactly("negative", "positive");
        assertThat(prediction.scores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-5));
        assertThat(prediction.score()).isEqualTo(prediction.scores().get(prediction.label()));
        assertThat(prediction.score()).isGreaterThanOrEqualTo(0.5);
        assertThat(prediction.latency()).isPositive();
    }

    @Test
    void aBatchGivesTheSameAnswersAsOneAtATimeWhateverThePadding() {
        List<Prediction> batch = classifier.classifyAll(REVIEWS);
        for (int i = 0; i < REVIEWS.size(); i++) {
            Prediction alone = classifier.classify(REVIEWS.get(i));
            assertThat(batch.get(i).label()).isEqualTo(alone.label());
            assertThat(batch.get(i).score()).isCloseTo(alone.score(), within(1e-4));
        }
    }

    @Test
    void manyThreadsAtOnceGetTheSameAnswersAsOne() throws Exception {
        List<Prediction> expected = REVIEWS.stream().map(classifier::classify).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                results.add(pool.submit(() -> IntStream.range(0, 60).allMatch(i -> {
                    int k = i % REVIEWS.size();
                    Prediction got = i % 3 == 0 ? classifier.classifyAll(REVIEWS).get(k) : classifier.classify(REVIEWS.get(k));
                    return got.label().equals(expected.get(k).label())
                            && Math.abs(got.score() - expected.get(k).score()) < 1e-4;
                })));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void textsLongerThanTheModelReadsAreTruncatedNotRefused() {
        String longText = "a wonderful film . ".repeat(2000);
        assertThat(classifier.classify(longText).label()).isEqualTo("positive");
    }

    @Test
    void theLeanTokenizerPathGivesHuggingFaceTokenizerIds() throws IOException {
        ModelSpec spec = classifier.spec();
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(spec.tokenizerFile()).optAddSpecialTokens(spec.addSpecialTokens())
                .optTruncation(true).optPadding(false).optMaxLength(spec.maxLength()).build()) {
            TokenIdsTranslator translator = new TokenIdsTranslator(spec, tokenizer);
            String[] texts = {"Café crème, naïve — 東京 😀 ok!", "short", "x ".repeat(400)};
            long[][] ids = new long[texts.length][];
            long[][] masks = new long[texts.length][];
            translator.encode(texts, ids, masks);
            for (int i = 0; i < texts.length; i++) {
                Encoding reference = tokenizer.encode(texts[i]);
                assertThat(ids[i]).containsExactly(reference.getIds());
                assertThat(masks[i]).containsExactly(reference.getAttentionMask());
            }
            assertThat(ids[2]).hasSize(spec.maxLength());
        }
    }

    @Test
    void aCorruptModelFileIsRefusedWithTheFileNamed(@TempDir Path temp) throws IOException {
        Path folder = copyBundled(temp);
        Files.writeString(folder.resolve("model.pt"), "not a TorchScript archive");
        assertThatThrownBy(() -> TextClassifier.load(ModelSpec.read(folder)))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("cannot load the model file")
                .hasMessageContaining("model.pt")
                .hasMessageContaining("save it again as TorchScript")
                .hasMessageNotContaining("PytorchStreamReader")
                .hasMessageNotContaining("\n");
    }

    @Test
    void labelsThatDoNotMatchTheOutputsAreRefusedAtLoad(@TempDir Path temp) throws IOException {
        Path folder = copyBundled(temp);
        Files.writeString(folder.resolve("labels.txt"), "negative\nneutral\npositive\n");
        assertThatThrownBy(() -> TextClassifier.load(ModelSpec.read(folder)))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("gives 2 scores per text but labels.txt lists 3 labels");
    }

    static Path copyBundled(Path temp) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("model"));
        try (var files = Files.list(ProjectFiles.bundledModel())) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        return folder;
    }
}
