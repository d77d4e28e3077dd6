package dev.llmsuite.embedding.model;

import dev.llmsuite.embedding.batching.PackedRows;
import dev.llmsuite.embedding.batching.RunLayout;
import dev.llmsuite.embedding.geometry.Vectors;
import dev.llmsuite.embedding.pooling.Pooling;
import dev.llmsuite.tokenizer.wordpiece.BertEncoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packed rows against one padded row per sentence, on the same model: a sentence sharing a row
 * with others must come out as it does alone. The batch mixes one-token-long sentences, sentences
 * that share rows, and one of the model's full 256 tokens, which widens every row of its run.
 * (The packed layout, the default, is checked against langchain4j in {@link EmbeddingExactnessTest}.)
 */
class PackedRowsExactnessTest {

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void aSentenceInAPackedRowComesOutAsInARowOfItsOwn(Pooling pooling) throws Exception {
        ModelSpec spec = withPooling(BuiltInModels.MINILM, pooling);
        try (EmbeddingModel packed = EmbeddingModel.load(spec, 2, false, true);
             EmbeddingModel padded = EmbeddingModel.load(spec, 2, false, false)) {
            assertEquals(RunLayout.PACKED, packed.encoder().layout());
            assertEquals(RunLayout.PADDED, padded.encoder().layout());
            for (List<BertEncoding> batch : List.of(mixedBatch(packed, false), mixedBatch(packed, true))) {
                float[][] fromPacked = packed.encoder().embed(batch);
                float[][] fromPadded = padded.encoder().embed(batch);
                for (int i = 0; i < batch.size(); i++) {
                    double cosine = Vectors.cosine(fromPadded[i], fromPacked[i]);
                    assertTrue(cosine >= 0.999999, "sentence " + i + " of " + batch.size() + ": cosine " + cosine);
                    assertEquals(Vectors.norm(fromPadded[i]), Vectors.norm(fromPacked[i]), 1e-4 * Vectors.norm(fromPadded[i]));
                }
            }
        }
    }

    /**
     * The quantized model scales its activations per tensor, over the whole batch, so batching
     * alone already moves a sentence's vector away from the one it gets in a run of its own
     * (cosine down to about 0.97 for a two-token sentence). Packing may move it no further.
     */
    @Test
    void packingDisturbsTheQuantizedModelNoMoreThanBatchingDoes() throws Exception {
        try (EmbeddingModel packed = EmbeddingModel.load(BuiltInModels.MINILM_QUANTIZED, 2, false, true);
             EmbeddingModel padded = EmbeddingModel.load(BuiltInModels.MINILM_QUANTIZED, 2, false, false)) {
            assertEquals(RunLayout.PACKED, packed.encoder().layout());
            List<BertEncoding> batch = mixedBatch(packed, false);
            float[][] fromPacked = packed.encoder().embed(batch);
            float[][] fromPadded = padded.encoder().embed(batch);
            double worstPacked = 1;
            double worstPadded = 1;
            for (int i = 0; i < batch.size(); i++) {
                float[] alone = padded.encoder().embed(List.of(batch.get(i)))[0];
                worstPacked = Math.min(worstPacked, Vectors.cosine(alone, fromPacked[i]));
                worstPadded = Math.min(worstPadded, Vectors.cosine(alone, fromPadded[i]));
            }
            assertTrue(worstPacked >= worstPadded - 0.005, "packed " + worstPacked + ", padded " + worstPadded);
        }
    }

    /** Sentences of many lengths, several per row; with {@code withFullLength} one of 256 tokens. */
    private static List<BertEncoding> mixedBatch(EmbeddingModel model, boolean withFullLength) {
        List<String> texts = new ArrayList<>(List.of("", "a", "JavaScript is a programming language", "JS is a PL for the web",
                "Москва — столица России.", "机器学习是人工智能的一个分支。", "emoji 😀👍🏽 family 👨‍👩‍👧"));
        for (int words = 1; words < 3 * PackedRows.ROW_TOKENS; words += 7) {
            texts.add("word ".repeat(words) + "end");
        }
        if (withFullLength) {
            texts.add("a long document about nothing in particular ".repeat(60));
        }
        List<BertEncoding> batch = texts.stream().map(t -> model.tokenizer().encodeForModel(t, model.maxTokens())).toList();
        if (withFullLength) {
            assertEquals(model.maxTokens(), batch.getLast().length());
        }
        return batch;
    }

    private static ModelSpec withPooling(ModelSpec spec, Pooling pooling) {
        return new ModelSpec(spec.name(), spec.onnx(), spec.tokenizer(), spec.maxTokens(), Optional.of(pooling), Optional.of(false),
                spec.shortenableDimensions());
    }
}
