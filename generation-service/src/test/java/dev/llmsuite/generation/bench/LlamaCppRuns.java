package dev.llmsuite.generation.bench;

import dev.llmsuite.llamacpp.ContextOptions;
import dev.llmsuite.llamacpp.Greedy;
import dev.llmsuite.llamacpp.LlamaContext;
import dev.llmsuite.llamacpp.LlamaModel;

import java.nio.file.Path;
import java.util.List;

/**
 * The peer: llama.cpp (the project's pinned build, through FFM) decoding several sequences at
 * once, one {@code llama_decode} per step with one token of each sequence, on the same model
 * file and thread count, with its speed defaults (llama-bench's batch sizes, F16 cache).
 */
final class LlamaCppRuns implements AutoCloseable {

    private final LlamaModel model;
    private final int threads;

    LlamaCppRuns(Path gguf, int threads) {
        this.model = LlamaModel.load(gguf);
        this.threads = threads;
    }

    /** Aggregate decode tokens per second of {@code prompts.size()} sequences decoding together (prefill excluded). */
    double decodeThroughput(List<int[]> prompts, int tokens) {
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        ContextOptions options = ContextOptions.speed(prompts.size() * (longest + tokens + 16), threads).withSequences(prompts.size());
        try (LlamaContext context = model.newContext(options)) {
            Greedy.TogetherRun run = Greedy.runTogether(context, prompts, tokens);
            return (double) prompts.size() * (tokens - 1) / (run.decodeNanos() / 1e9);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
