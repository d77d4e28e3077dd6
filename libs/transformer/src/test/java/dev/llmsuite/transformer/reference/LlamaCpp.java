package dev.llmsuite.transformer.reference;

import dev.llmsuite.llamacpp.ContextOptions;
import dev.llmsuite.llamacpp.Greedy;
import dev.llmsuite.llamacpp.LlamaContext;
import dev.llmsuite.llamacpp.LlamaModel;
import java.nio.file.Path;

/**
 * llama.cpp set up as the reference for exactness tests: its defaults for loading (weights
 * repacked where its CPU backend has a layout for them), a float32 KV cache and plain attention
 * ({@link ContextOptions#exact}), greedy decoding, one thread (results do not depend on the count,
 * and a loaded CI machine runs one thread without waiting on another at every operation). The
 * tests pin ggml's AVX2 CPU variant (root pom), so the reference adds up the same way everywhere.
 *
 * <p>Why repacking stays on: llama.cpp's non-repacked AVX2 dot products add eight lanes across
 * blocks and sum the lanes at the end, its repacked ones (and our kernels) add block after block.
 * The results differ in the seventh digit, and with Q8_0-quantized activations such a difference
 * can move one activation across a rounding boundary: on the gpt2 Q4_0 fixture that happens in
 * {@code attn_output} at one step, and greedy text parts 16 tokens later. Repacked, llama.cpp
 * agrees with our logits to 5e-7 at every step.
 */
public final class LlamaCpp implements AutoCloseable {

    private final LlamaModel model;
    private final LlamaContext context;

    public LlamaCpp(Path gguf, int contextLength) {
        this.model = LlamaModel.load(gguf);
        this.context = model.newContext(ContextOptions.exact(contextLength, 1));
    }

    /** The text llama.cpp generates greedily after {@code prompt} (BOS added as the model asks), ignoring EOS. */
    public String greedy(String prompt, int tokens) {
        return Greedy.generate(context, prompt, tokens).text();
    }

    /** llama.cpp's tokenization of a text: no BOS, and the spellings of control tokens stay text, as in ours. */
    public int[] tokenize(String text) {
        return model.vocabulary().tokenize(text, false, false);
    }

    @Override
    public void close() {
        context.close();
        model.close();
    }
}
