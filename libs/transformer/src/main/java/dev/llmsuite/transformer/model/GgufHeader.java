package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufWriter;
import dev.llmsuite.transformer.kernels.RopeScaling;
import java.util.Arrays;
import java.util.Locale;

/**
 * A model's GGUF metadata under the names and key types llama.cpp's converter writes (llama.cpp
 * rejects, e.g., a {@code block_count} that is not UINT32), so that llama.cpp and
 * {@link ModelConfig#read} both read back the configuration that was written.
 */
public final class GgufHeader {

    private GgufHeader() {
    }

    /** Architecture keys plus a SentencePiece vocabulary. */
    public static void put(GgufWriter g, String name, ModelConfig c, SentencePieceVocabulary vocabulary) {
        putArchitecture(g, name, c);
        g.putString("tokenizer.ggml.model", "llama");
        g.putStringArray("tokenizer.ggml.tokens", vocabulary.pieces());
        g.putFloat32Array("tokenizer.ggml.scores", vocabulary.scores());
        g.putInt32Array("tokenizer.ggml.token_type", vocabulary.types());
        g.putUint32("tokenizer.ggml.bos_token_id", vocabulary.bos());
        g.putUint32("tokenizer.ggml.eos_token_id", vocabulary.eos());
        g.putUint32("tokenizer.ggml.unknown_token_id", 0);
        g.putBool("tokenizer.ggml.add_bos_token", true);
    }

    /** The {@code general.*} and {@code <architecture>.*} keys; the tokenizer keys are the caller's. */
    public static void putArchitecture(GgufWriter g, String name, ModelConfig c) {
        String a = c.architecture();
        g.putString("general.architecture", a);
        g.putString("general.name", name);
        g.putUint32(a + ".context_length", c.contextLength());
        g.putUint32(a + ".embedding_length", c.dim());
        g.putUint32(a + ".feed_forward_length", c.hiddenDim());
        g.putUint32(a + ".block_count", c.layers());
        g.putUint32(a + ".attention.head_count", c.heads());
        g.putUint32(a + ".attention.head_count_kv", c.kvHeads());
        if (a.equals("gpt2")) {
            g.putFloat32(a + ".attention.layer_norm_epsilon", c.normEps());
            return;
        }
        g.putFloat32(a + ".attention.layer_norm_rms_epsilon", c.normEps());
        if (c.headSize() != c.dim() / c.heads()) {
            g.putUint32(a + ".attention.key_length", c.headSize());
            g.putUint32(a + ".attention.value_length", c.headSize());
        }
        putRope(g, a, c.rope(), c.window().size() > 0);
        putWindow(g, a, c.window());
        if (a.equals("gemma2")) {
            g.putFloat32(a + ".attn_logit_softcapping", c.attentionSoftCap());
        }
        if (a.equals("gemma2") || c.finalSoftCap() > 0) {
            g.putFloat32(a + ".final_logit_softcapping", c.finalSoftCap());
        }
    }

    private static void putRope(GgufWriter g, String a, RotaryConfig rope, boolean sliding) {
        g.putUint32(a + ".rope.dimension_count", rope.dims());
        g.putFloat32(a + ".rope.freq_base", rope.base());
        if (sliding) {
            g.putFloat32(a + ".rope.freq_base_swa", rope.localBase());
        }
        RopeScaling scaling = rope.scaling();
        if (scaling.type() != RopeScaling.Type.NONE) {
            g.putString(a + ".rope.scaling.type", scaling.type().name().toLowerCase(Locale.ROOT));
            if (scaling.factor() > 0) {
                g.putFloat32(a + ".rope.scaling.factor", scaling.factor());
            }
            g.putUint32(a + ".rope.scaling.original_context_length", scaling.originalContext());
        }
        if (scaling.attentionFactor() != 1f) {
            g.putFloat32(a + ".rope.scaling.attn_factor", scaling.attentionFactor());
        }
    }

    /** The window, and its layer pattern only where it differs from the architecture's default (as converters do). */
    private static void putWindow(GgufWriter g, String a, SlidingWindow window) {
        if (window.size() == 0) {
            return;
        }
        g.putUint32(a + ".attention.sliding_window", window.size());
        int layers = window.layers().length;
        if (!Arrays.equals(window.layers(), SlidingWindow.periodic(window.size(), SlidingWindow.defaultPeriod(a), layers).layers())) {
            g.putBoolArray(a + ".attention.sliding_window_pattern", window.layers());
        }
    }
}
