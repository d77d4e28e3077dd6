package dev.llmsuite.transformer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.gguf.GgufFile;
import dev.llmsuite.transformer.gguf.GgufFormatException;
import dev.llmsuite.transformer.gguf.GgufWriter;
import dev.llmsuite.transformer.kernels.RopeScaling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata of published models, under the keys and types llama.cpp's converter writes for
 * them (values from each model's Hugging Face config), read into the architecture the model was
 * trained with: head sizes that are not dim / heads, window patterns, soft-caps, rotary bases and
 * scaling. Files here hold metadata only; the agreement tests run the layers.
 */
class PublishedModelMetadataTest {

    @TempDir
    Path folder;

    @Test
    void llama32OneB() throws IOException {
        ModelConfig c = read("llama", g -> {
            common(g, "llama", 131072, 2048, 8192, 16, 32, 8);
            g.putUint32("llama.vocab_size", 128256);
            g.putFloat32("llama.rope.freq_base", 500000f);
            g.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
            g.putUint32("llama.attention.key_length", 64);
            g.putUint32("llama.attention.value_length", 64);
            g.putUint32("llama.rope.dimension_count", 64);
        });
        assertEquals(64, c.headSize());
        assertEquals(512, c.kvDim());
        assertEquals(500000f, c.rope().base());
        // Llama 3.1/3.2 scaling travels as the rope_freqs tensor, not as metadata.
        assertEquals(RopeScaling.Type.NONE, c.rope().scaling().type());
        assertEquals(0, c.window().size());
    }

    @Test
    void qwen25HalfB() throws IOException {
        ModelConfig c = read("qwen2", g -> {
            common(g, "qwen2", 32768, 896, 4864, 24, 14, 2);
            g.putFloat32("qwen2.rope.freq_base", 1_000_000f);
            g.putFloat32("qwen2.attention.layer_norm_rms_epsilon", 1e-6f);
        });
        assertEquals(64, c.headSize());
        assertEquals(896, c.qDim());
        assertEquals(128, c.kvDim());
        assertEquals(1e-6f, c.normEps());
        assertEquals(64, c.rope().dims());
    }

    @Test
    void qwen3WithWiderHeads() throws IOException {
        ModelConfig c = read("qwen3", g -> {
            common(g, "qwen3", 40960, 1024, 3072, 28, 16, 8);
            g.putFloat32("qwen3.rope.freq_base", 1_000_000f);
            g.putFloat32("qwen3.attention.layer_norm_rms_epsilon", 1e-6f);
            g.putUint32("qwen3.attention.key_length", 128);
            g.putUint32("qwen3.attention.value_length", 128);
        });
        assertEquals(128, c.headSize());
        assertEquals(2048, c.qDim());
        assertEquals(1024, c.kvDim());
        assertEquals(128, c.rope().dims());
    }

    @Test
    void gemma2SlidesEveryOtherLayerAndCapsWithLlamaCppDefaults() throws IOException {
        ModelConfig c = read("gemma2", g -> {
            common(g, "gemma2", 8192, 2304, 9216, 26, 8, 4);
            g.putFloat32("gemma2.attention.layer_norm_rms_epsilon", 1e-6f);
            g.putUint32("gemma2.attention.key_length", 256);
            g.putUint32("gemma2.attention.value_length", 256);
            g.putFloat32("gemma2.attn_logit_softcapping", 50f);
            g.putFloat32("gemma2.final_logit_softcapping", 30f);
            g.putUint32("gemma2.attention.sliding_window", 4096);
        });
        assertEquals(256, c.headSize());
        assertEquals(2048, c.qDim());
        assertEquals(50f, c.attentionSoftCap());
        assertEquals(30f, c.finalSoftCap());
        assertEquals(4096, c.window().sizeFor(0));
        assertEquals(0, c.window().sizeFor(1));
        assertEquals(4096, c.window().sizeFor(24));
        assertEquals(0, c.window().sizeFor(25));
        assertEquals(10000f, c.rope().base());
        assertEquals(10000f, c.rope().localBase());

        ModelConfig bare = read("gemma2-bare", g -> {
            common(g, "gemma2", 8192, 2304, 9216, 2, 8, 4);
            g.putUint32("gemma2.attention.key_length", 256);
        });
        assertEquals(4096, bare.window().sizeFor(0), "llama.cpp's default window for Gemma 2");
        assertEquals(50f, bare.attentionSoftCap());
        assertEquals(30f, bare.finalSoftCap());
    }

    @Test
    void gemma3HasFiveLocalLayersToEachGlobalOne() throws IOException {
        ModelConfig c = read("gemma3", g -> {
            common(g, "gemma3", 32768, 1152, 6912, 26, 4, 1);
            g.putFloat32("gemma3.attention.layer_norm_rms_epsilon", 1e-6f);
            g.putUint32("gemma3.attention.key_length", 256);
            g.putUint32("gemma3.attention.value_length", 256);
            g.putFloat32("gemma3.rope.freq_base", 1_000_000f);
            g.putUint32("gemma3.attention.sliding_window", 512);
        });
        boolean[] sliding = new boolean[26];
        for (int l = 0; l < 26; l++) {
            sliding[l] = l % 6 != 5;
        }
        assertEquals(512, c.window().size());
        assertArrayEquals(sliding, c.window().layers());
        assertEquals(1_000_000f, c.rope().base());
        assertEquals(10000f, c.rope().localBase(), "files written before rope.freq_base_swa existed");
        assertEquals(0f, c.attentionSoftCap());
        assertEquals(0f, c.finalSoftCap());
        assertEquals(1024, c.qDim());
        assertEquals(256, c.kvDim());
    }

    @Test
    void gemma3FourBStretchesItsGlobalLayers() throws IOException {
        ModelConfig c = read("gemma3-4b", g -> {
            common(g, "gemma3", 131072, 2560, 10240, 34, 8, 4);
            g.putUint32("gemma3.attention.key_length", 256);
            g.putUint32("gemma3.attention.value_length", 256);
            g.putFloat32("gemma3.rope.freq_base", 1_000_000f);
            g.putFloat32("gemma3.rope.freq_base_swa", 10_000f);
            g.putString("gemma3.rope.scaling.type", "linear");
            g.putFloat32("gemma3.rope.scaling.factor", 8f);
            g.putUint32("gemma3.attention.sliding_window", 1024);
        });
        assertEquals(RopeScaling.Type.LINEAR, c.rope().scaling().type());
        assertEquals(0.125f, c.rope().scaling().frequencyScale());
        assertEquals(10_000f, c.rope().localBase());
    }

    @Test
    void phi35MiniKeepsLongRopeAttentionFactorAndDropsItsWindow() throws IOException {
        ModelConfig c = read("phi3", g -> {
            common(g, "phi3", 131072, 3072, 8192, 32, 32, 32);
            g.putUint32("phi3.rope.scaling.original_context_length", 4096);
            g.putFloat32("phi3.attention.layer_norm_rms_epsilon", 1e-5f);
            g.putUint32("phi3.rope.dimension_count", 96);
            g.putFloat32("phi3.rope.freq_base", 10000f);
            g.putUint32("phi3.attention.sliding_window", 262144);
            g.putFloat32("phi3.rope.scaling.attn_factor", 1.1902381f);
        });
        assertEquals(96, c.headSize());
        assertEquals(4096, c.rope().scaling().originalContext());
        assertEquals(1.1902381f, c.rope().scaling().attentionFactor());
        assertEquals(1f, c.rope().scaling().frequencyScale());
        assertEquals(0, c.window().size(), "llama.cpp switches Phi-3's window off");
    }

    @Test
    void smolLM3() throws IOException {
        ModelConfig c = read("smollm3", g -> {
            common(g, "smollm3", 65536, 2048, 11008, 36, 16, 4);
            g.putFloat32("smollm3.rope.freq_base", 5_000_000f);
            g.putFloat32("smollm3.attention.layer_norm_rms_epsilon", 1e-6f);
            g.putUint32("smollm3.rope.dimension_count", 128);
        });
        assertEquals(128, c.headSize());
        assertEquals(5_000_000f, c.rope().base());
    }

    @Test
    void yarnScaling() throws IOException {
        ModelConfig c = read("qwen-yarn", g -> {
            common(g, "qwen2", 131072, 896, 4864, 24, 14, 2);
            g.putString("qwen2.rope.scaling.type", "yarn");
            g.putFloat32("qwen2.rope.scaling.factor", 4f);
            g.putUint32("qwen2.rope.scaling.original_context_length", 32768);
        });
        assertEquals(new RopeScaling(RopeScaling.Type.YARN, 4f, 32768, 1f), c.rope().scaling());
    }

    @Test
    void unsupportedMetadataIsRefusedByName() throws IOException {
        var scaling = assertThrows(GgufFormatException.class, () -> read("dynamic", g -> {
            common(g, "llama", 4096, 64, 128, 1, 4, 4);
            g.putString("llama.rope.scaling.type", "dynamic");
        }));
        assertTrue(scaling.getMessage().contains("'dynamic'"), scaling.getMessage());

        var experts = assertThrows(GgufFormatException.class, () -> read("moe", g -> {
            common(g, "llama", 4096, 64, 128, 1, 4, 4);
            g.putUint32("llama.expert_count", 8);
        }));
        assertTrue(experts.getMessage().contains("mixture-of-experts"), experts.getMessage());

        var perLayer = assertThrows(GgufFormatException.class, () -> read("per-layer", g -> {
            common(g, "llama", 4096, 64, 128, 2, 4, 4);
            g.putInt32Array("llama.attention.head_count_kv", new int[] {4, 2});
        }));
        assertTrue(perLayer.getMessage().contains("varies per layer"), perLayer.getMessage());

        var values = assertThrows(GgufFormatException.class, () -> read("values", g -> {
            common(g, "llama", 4096, 64, 128, 1, 4, 4);
            g.putUint32("llama.attention.key_length", 32);
            g.putUint32("llama.attention.value_length", 16);
        }));
        assertTrue(values.getMessage().contains("must be equal"), values.getMessage());
    }

    @Test
    void unknownArchitectureNamesTheSupportedOnes() throws IOException {
        Path file = folder.resolve("mamba.gguf");
        GgufWriter g = new GgufWriter();
        g.putString("general.architecture", "mamba");
        g.write(file);
        var e = assertThrows(GgufFormatException.class, () -> LanguageModel.load(file));
        assertEquals("Architecture 'mamba' is not supported; supported: llama, qwen2, qwen3, gemma2, gemma3, phi3, smollm3, gpt2",
                e.getMessage());
    }

    /** The keys every converter writes through its base class. */
    private static void common(GgufWriter g, String arch, int context, int dim, int hidden, int layers, int heads, int kvHeads) {
        g.putString("general.architecture", arch);
        g.putUint32(arch + ".context_length", context);
        g.putUint32(arch + ".embedding_length", dim);
        g.putUint32(arch + ".feed_forward_length", hidden);
        g.putUint32(arch + ".block_count", layers);
        g.putUint32(arch + ".attention.head_count", heads);
        g.putUint32(arch + ".attention.head_count_kv", kvHeads);
        g.putUint32("general.file_type", 7);
    }

    private ModelConfig read(String name, Consumer<GgufWriter> metadata) throws IOException {
        Path file = folder.resolve(name + ".gguf");
        GgufWriter g = new GgufWriter();
        metadata.accept(g);
        g.write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            return ModelConfig.read(gguf, 1000);
        }
    }
}
