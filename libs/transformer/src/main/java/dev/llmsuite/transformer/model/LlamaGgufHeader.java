package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.gguf.GgufWriter;

/** The GGUF metadata of a Llama-architecture model, with the key types llama.cpp insists on. */
public final class LlamaGgufHeader {

    private LlamaGgufHeader() {
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

    /** The {@code llama.*} keys; the tokenizer keys are the caller's. */
    public static void putArchitecture(GgufWriter g, String name, ModelConfig c) {
        g.putString("general.architecture", "llama");
        g.putString("general.name", name);
        g.putUint32("llama.context_length", c.contextLength());
        g.putUint32("llama.embedding_length", c.dim());
        g.putUint32("llama.feed_forward_length", c.hiddenDim());
        g.putUint32("llama.block_count", c.layers());
        g.putUint32("llama.attention.head_count", c.heads());
        g.putUint32("llama.attention.head_count_kv", c.kvHeads());
        g.putUint32("llama.rope.dimension_count", c.ropeDims());
        g.putFloat32("llama.rope.freq_base", c.ropeBase());
        g.putFloat32("llama.attention.layer_norm_rms_epsilon", c.normEps());
    }
}
