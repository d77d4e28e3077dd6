package dev.llmsuite.embedding.model;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.llmsuite.embedding.batching.BatchObserver;
import dev.llmsuite.embedding.batching.BatchPolicy;
import dev.llmsuite.embedding.batching.DynamicBatcher;
import dev.llmsuite.embedding.geometry.Vectors;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.wordpiece.BertEncoding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our pipeline (WordPiece + batched ONNX Runtime in packed rows + mean pooling + L2) against
 * langchain4j's AllMiniLmL6V2EmbeddingModel (Hugging Face tokenizers + one unpadded run per
 * text): every line of a mixed test set must agree to cosine 0.99999.
 */
class EmbeddingExactnessTest {

    static final int LINES_PER_CORPUS = 40;

    static EmbeddingModel ours;
    static DynamicBatcher batcher;
    static AllMiniLmL6V2EmbeddingModel reference;

    @BeforeAll
    static void load() throws Exception {
        ours = EmbeddingModel.load(BuiltInModels.MINILM, Runtime.getRuntime().availableProcessors(), false, true);
        batcher = new DynamicBatcher("exactness", ours.encoder()::embed, ours.encoder().layout(),
                new BatchPolicy(4096, Duration.ofMillis(5), 1024), BatchObserver.NONE);
        reference = new AllMiniLmL6V2EmbeddingModel();
    }

    @AfterAll
    static void close() throws Exception {
        batcher.close();
        ours.close();
    }

    static List<String> testSet() throws Exception {
        List<String> texts = new ArrayList<>(List.of(
                "JavaScript is a programming language",
                "JS is a PL for the web",
                "emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇫🇷",
                "naïve café résumé Ångström",
                "Москва — столица России.",
                "机器学习是人工智能的一个分支。",
                "for (int i = 0; i < n; i++) { sum += a[i]; }"));
        for (String corpus : List.of("en.txt", "ru.txt", "de.txt", "zh.txt", "code.txt")) {
            try (Stream<String> lines = Files.lines(SharedData.corpus(corpus), StandardCharsets.UTF_8)) {
                lines.filter(line -> !line.isBlank())
                        .filter(line -> ours.tokenizer().encode(line).length <= ours.maxTokens())
                        .limit(LINES_PER_CORPUS)
                        .forEach(texts::add);
            }
        }
        return texts;
    }

    @Test
    void everyLineAgreesWithTheReferencePipeline() throws Exception {
        List<String> texts = testSet();
        List<BertEncoding> encodings = texts.stream().map(t -> ours.tokenizer().encodeForModel(t, ours.maxTokens())).toList();
        List<CompletableFuture<float[]>> futures = batcher.submit(encodings);
        double worst = 1;
        String worstText = null;
        for (int i = 0; i < texts.size(); i++) {
            float[] expected = reference.embed(texts.get(i)).content().vector();
            double cosine = Vectors.cosine(expected, futures.get(i).get());
            if (cosine < worst) {
                worst = cosine;
                worstText = texts.get(i);
            }
        }
        assertTrue(worst >= 0.99999, "cosine " + worst + " for: " + worstText);
    }

    @Test
    void theLessonsFigureComesOutTheSameAsLangchain4j() throws Exception {
        String a = "JavaScript is a programming language";
        String b = "JS is a PL for the web";
        double expected = Vectors.cosine(reference.embed(a).content().vector(), reference.embed(b).content().vector());
        List<CompletableFuture<float[]>> ourVectors = batcher.submit(List.of(
                ours.tokenizer().encodeForModel(a, ours.maxTokens()), ours.tokenizer().encodeForModel(b, ours.maxTokens())));
        double actual = Vectors.cosine(ourVectors.get(0).get(), ourVectors.get(1).get());
        assertEquals(expected, actual, 1e-5);
        assertEquals(384, ours.dimensions());
        assertEquals(1.0, Vectors.norm(ourVectors.get(0).get()), 1e-5);
    }

    @Test
    void theModelDeclaresTheSentenceTransformersLimit() {
        assertEquals(256, ours.maxTokens());
        assertEquals(Optional.of(256), BuiltInModels.MINILM.maxTokens());
    }
}
