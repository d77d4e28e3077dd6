package dev.llmsuite.transformer.bench;

import dev.llmsuite.llamacpp.ContextOptions;
import dev.llmsuite.llamacpp.FileType;
import dev.llmsuite.llamacpp.LlamaContext;
import dev.llmsuite.llamacpp.LlamaModel;
import dev.llmsuite.llamacpp.LlamaQuantizer;
import dev.llmsuite.llamacpp.Timings;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.Session;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.kernels.Parallel;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import dev.llmsuite.transformer.synthetic.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Model-level benchmark of the K-quants: a synthetic Llama-shaped model (110M: 768 wide, 12 layers,
 * Llama 2 vocabulary) written in float32 and quantized by llama.cpp's {@code llama_model_quantize}
 * to each preset (the bytes our writer produces too, see KQuantModelsAgreementTest), then prefill
 * and decode timed on a current llama.cpp (repacking on, its default, and off) and on our engine,
 * same prompt, same threads, best of {@code bench.rounds} rounds.
 *
 * <p>Only time spent computing counts on both sides: llama.cpp's inside {@code llama_decode}, ours
 * inside {@code Session.prefill/next}. Decode also prints the weight bytes read per token and the
 * rate that makes, against the memory read bandwidth measured in the same run at the model's size.
 *
 * <p>Options: {@code bench.presets} (Q4_K_M,Q6_K,Q8_0), {@code bench.decode} (48), {@code bench.rounds}
 * (3), {@code bench.dir}; threads: {@code llmsuite.engine.threads} (both engines).
 */
public final class KQuantModelBenchmark {

    private static final String PROMPT = "Once upon a time, in a small village at the edge of a great forest, there lived an old "
            + "clockmaker who had never once left the valley. Every morning he opened his shop, wound every clock on the "
            + "wall, and waited for someone to bring him something broken. One autumn day a girl came in carrying";

    private record Speed(double prefill, double decode) {
        Speed best(Speed other) {
            return new Speed(Math.max(prefill, other.prefill), Math.max(decode, other.decode));
        }
    }

    public static void main(String[] args) throws IOException {
        int threads = Parallel.THREADS;
        int decodeTokens = Integer.getInteger("bench.decode", 48);
        int rounds = Integer.getInteger("bench.rounds", 3);
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")))
                .resolve("llmsuite-kquant-bench-" + ProcessHandle.current().pid()));
        var vocabulary = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("llama2-tokenizer.bin")));
        Path floats = dir.resolve("110M-F32.gguf");
        SyntheticModel.writeLlama(floats, new SyntheticModel.Shape(768, 2048, 12, 12, 12, 1024), TensorType.F32, vocabulary, 1234);
        System.out.printf(Locale.ROOT, "K-quant model benchmark: 110M shape, %d threads, %d decoded tokens, best of %d%n",
                threads, decodeTokens, rounds);
        try {
            for (String preset : System.getProperty("bench.presets", "Q4_K_M,Q6_K,Q8_0").split(",")) {
                Path file = dir.resolve("110M-" + preset + ".gguf");
                LlamaQuantizer.quantize(floats, file, LlamaQuantizer.Options.of(FileType.valueOf("MOSTLY_" + preset)));
                long weightBytes = Files.size(file);
                Speed repacked = llamaCpp(file, true, threads, decodeTokens, rounds);
                Speed plain = llamaCpp(file, false, threads, decodeTokens, rounds);
                Speed ours = ours(file, decodeTokens, rounds);
                double bandwidth = MemoryBandwidth.measure(weightBytes);
                double oursRate = weightBytes * ours.decode / 1e9;
                System.out.printf(Locale.ROOT, "%-7s prefill tok/s: llama.cpp %.0f (repacked) / %.0f (plain), ours %.0f -> %.2fx / %.2fx%n",
                        preset, repacked.prefill, plain.prefill, ours.prefill, ours.prefill / repacked.prefill, ours.prefill / plain.prefill);
                System.out.printf(Locale.ROOT, "%-7s decode  tok/s: llama.cpp %.1f (repacked) / %.1f (plain), ours %.1f -> %.2fx / %.2fx; "
                                + "%.1f MB per token, ours %.1f GB/s of %.1f GB/s read bandwidth (%.0f%%)%n",
                        preset, repacked.decode, plain.decode, ours.decode, ours.decode / repacked.decode, ours.decode / plain.decode,
                        weightBytes / 1e6, oursRate, bandwidth, 100 * oursRate / bandwidth);
                Files.delete(file);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Speed llamaCpp(Path file, boolean repack, int threads, int decodeTokens, int rounds) {
        Speed best = new Speed(0, 0);
        try (LlamaModel model = LlamaModel.load(file, repack); LlamaContext context = model.newContext(ContextOptions.speed(1024, threads))) {
            int[] prompt = model.vocabulary().tokenize(PROMPT, true, false);
            for (int round = 0; round < rounds; round++) {
                long prefill = Timings.prefill(context, prompt);
                long decode = Timings.decode(context, decodeTokens);
                best = best.best(new Speed(prompt.length * 1e9 / prefill, decodeTokens * 1e9 / decode));
            }
        }
        return best;
    }

    private static Speed ours(Path file, int decodeTokens, int rounds) {
        Speed best = new Speed(0, 0);
        try (LanguageModel model = LanguageModel.load(file)) {
            int[] prompt = model.encodePrompt(PROMPT, true);
            // Warm up until the JIT has compiled the kernels (C2 is slow to get to them on a busy machine).
            long warmUntil = System.nanoTime() + Long.getLong("bench.warmupMillis", 20_000) * 1_000_000;
            while (System.nanoTime() < warmUntil) {
                run(model, prompt, 8);
            }
            for (int round = 0; round < rounds; round++) {
                best = best.best(run(model, prompt, decodeTokens));
            }
        }
        return best;
    }

    private static Speed run(LanguageModel model, int[] prompt, int decodeTokens) {
        try (Session session = model.newSession()) {
            long start = System.nanoTime();
            float[] logits = session.prefill(prompt);
            long prefill = System.nanoTime() - start;
            long decode = 0;
            for (int i = 0; i < decodeTokens; i++) {
                int next = argmax(logits);
                long t = System.nanoTime();
                logits = session.next(next);
                decode += System.nanoTime() - t;
            }
            return new Speed(prompt.length * 1e9 / prefill, decodeTokens * 1e9 / decode);
        }
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
