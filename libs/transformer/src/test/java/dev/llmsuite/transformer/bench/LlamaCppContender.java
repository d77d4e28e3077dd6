package dev.llmsuite.transformer.bench;

import dev.llmsuite.llamacpp.ContextOptions;
import dev.llmsuite.llamacpp.LlamaContext;
import dev.llmsuite.llamacpp.LlamaModel;
import dev.llmsuite.llamacpp.Timings;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * llama.cpp as llama-bench runs it: its defaults for the context (batch 2048, micro-batch 512,
 * half-precision KV cache, flash attention as it decides), one thread pool for the context's life,
 * and the clock around {@code llama_decode} only. With or without weight repacking at load.
 */
final class LlamaCppContender implements Contender {

    private final String name;
    private final LlamaModel model;
    private final LlamaContext context;

    LlamaCppContender(Path gguf, boolean repack, int threads, int contextLength) {
        this.name = repack ? "llama.cpp" : "llama.cpp no-repack";
        this.model = LlamaModel.load(gguf, repack);
        this.context = model.newContext(ContextOptions.speed(contextLength, threads));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Speed measure(int[] prompt, int decodeTokens) {
        long prefill = Timings.prefill(context, prompt);
        long decode = Arrays.stream(Timings.decode(context, decodeTokens)).sum();
        return new Speed(prompt.length * 1e9 / prefill, decodeTokens * 1e9 / decode);
    }

    @Override
    public double decodeMillisAtDepth(int[] filler, int steps) {
        return Contender.medianMillis(Timings.decodeAtDepth(context, filler, steps));
    }

    @Override
    public void close() {
        context.close();
        model.close();
    }
}
