package dev.llmsuite.embedding.model;

import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.llmsuite.embedding.geometry.Vectors;
import dev.llmsuite.embedding.pooling.Pooling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models beyond the default: a sentence-transformers folder whose own configuration asks for CLS
 * pooling without normalisation (checked against langchain4j's generic ONNX model with CLS
 * pooling), and the built-in int8 model (checked against langchain4j's quantized model).
 */
class ModelFolderTest {

    static final String TEXT = "Embeddings carry meaning as directions in space.";

    @TempDir
    Path folder;

    @Test
    void aFolderIsReadWithItsSentenceTransformersSettings() throws Exception {
        copy("all-minilm-l6-v2.onnx", folder.resolve("model.onnx"));
        copy("all-minilm-l6-v2-tokenizer.json", folder.resolve("tokenizer.json"));
        Files.createDirectories(folder.resolve("1_Pooling"));
        Files.writeString(folder.resolve("1_Pooling/config.json"), "{\"word_embedding_dimension\": 384, \"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": false}");
        Files.writeString(folder.resolve("modules.json"), "[{\"idx\": 0, \"name\": \"0\", \"path\": \"\", \"type\": \"sentence_transformers.models.Transformer\"},"
                + " {\"idx\": 1, \"name\": \"1\", \"path\": \"1_Pooling\", \"type\": \"sentence_transformers.models.Pooling\"}]");
        Files.writeString(folder.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 128, \"do_lower_case\": false}");

        ModelSpec none = new ModelSpec("folder", null, null, Optional.empty(), Optional.empty(), Optional.empty(), false);
        ModelSpec spec = ModelFolder.describe("folder", folder, none);
        assertEquals(Optional.of(128), spec.maxTokens());
        assertEquals(Optional.of(Pooling.CLS), spec.pooling());
        assertEquals(Optional.of(false), spec.normalize());

        OnnxEmbeddingModel reference = new OnnxEmbeddingModel(folder.resolve("model.onnx"), folder.resolve("tokenizer.json"), PoolingMode.CLS);
        float[] expected = reference.embed(TEXT).content().vector();
        try (EmbeddingModel model = EmbeddingModel.load(spec, 2, false, true)) {
            assertEquals(128, model.maxTokens());
            float[] actual = model.encoder().embed(List.of(model.tokenizer().encodeForModel(TEXT, model.maxTokens())))[0];
            assertTrue(Vectors.cosine(expected, actual) >= 0.99999, "cosine " + Vectors.cosine(expected, actual));
            assertFalse(Math.abs(Vectors.norm(actual) - 1) < 1e-3, "normalize=false must leave the length as pooled");
        }

        ModelSpec overridden = ModelFolder.describe("folder", folder,
                new ModelSpec("folder", null, null, Optional.of(64), Optional.of(Pooling.MEAN), Optional.of(true), false));
        assertEquals(Optional.of(64), overridden.maxTokens());
        assertEquals(Optional.of(Pooling.MEAN), overridden.pooling());
        assertEquals(Optional.of(true), overridden.normalize());
    }

    @Test
    void theQuantizedBuiltInMatchesLangchain4jsQuantizedModel() throws Exception {
        float[] expected = new AllMiniLmL6V2QuantizedEmbeddingModel().embed(TEXT).content().vector();
        try (EmbeddingModel model = EmbeddingModel.load(BuiltInModels.MINILM_QUANTIZED, 2, false, true)) {
            float[] actual = model.encoder().embed(List.of(model.tokenizer().encodeForModel(TEXT, model.maxTokens())))[0];
            assertTrue(Vectors.cosine(expected, actual) >= 0.99999, "cosine " + Vectors.cosine(expected, actual));
        }
    }

    private static void copy(String resource, Path target) throws Exception {
        try (InputStream in = ModelFolderTest.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
    }
}
