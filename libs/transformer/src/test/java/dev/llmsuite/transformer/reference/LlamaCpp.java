package dev.llmsuite.transformer.reference;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.CacheType;
import de.kherud.llama.args.LogFormat;
import java.nio.file.Path;

/**
 * llama.cpp through its Java binding, set up as the reference: greedy sampling, a float32
 * KV-cache (its default, half precision, would round keys and values that we keep in float32),
 * and a fixed thread count. No GPU option: the binding's library is CPU-only, and llama.cpp warns
 * about a {@code --gpu-layers} that it cannot use.
 */
public final class LlamaCpp implements AutoCloseable {

    static {
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
    }

    private final LlamaModel model;

    public LlamaCpp(Path gguf, int threads, int contextLength) {
        this.model = new LlamaModel(new ModelParameters()
                .setModel(gguf.toString())
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setCtxSize(contextLength)
                .setCacheTypeK(CacheType.F32)
                .setCacheTypeV(CacheType.F32)
                .disableLog());
    }

    /** The text llama.cpp generates greedily after {@code prompt} (BOS added as the model asks), ignoring EOS. */
    public String greedy(String prompt, int tokens) {
        StringBuilder text = new StringBuilder();
        for (LlamaOutput output : model.generate(greedyParameters(prompt, tokens))) {
            text.append(output.text);
        }
        return text.toString();
    }

    private static InferenceParameters greedyParameters(String prompt, int tokens) {
        return new InferenceParameters(prompt)
                .setTemperature(0f)
                .setTopK(1)
                .setNPredict(tokens)
                .setIgnoreEos(true)
                .setCachePrompt(false)
                .setRepeatPenalty(1f);
    }

    /** llama.cpp's tokenization of a text (no BOS). */
    public int[] tokenize(String text) {
        return model.encode(text);
    }

    public LlamaModel raw() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
