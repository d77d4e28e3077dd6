package dev.llmsuite.transformer.bench;

import dev.llmsuite.llamacpp.ContextOptions;
import dev.llmsuite.llamacpp.LlamaContext;
import dev.llmsuite.llamacpp.LlamaModel;
import dev.llmsuite.llamacpp.Timings;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.attention.BlockedAttention;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.Session;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.kernels.Parallel;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import dev.llmsuite.transformer.synthetic.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./suite bench generation}: synthetic Llama-shaped models (about 15M and 110M parameters
 * with the Llama 2 vocabulary, F32 and Q8_0) written by our GGUF writer, run by llama.cpp and by
 * our engine on the same file, prompt and thread count. Prints prefill and decode tokens/s, their
 * ratio, and our decode time per token at growing context lengths; the last line is the summary.
 *
 * <p>Options (system properties): {@code bench.shapes} ("15M,110M"), {@code bench.decode} (decoded
 * tokens, 48), {@code bench.contexts} ("256,1024,2048,4096"), {@code bench.dir} (where the model
 * files go, deleted afterwards). Threads: {@code llmsuite.engine.threads} (both engines).
 */
public final class GenerationBenchmark {

    private record Shape(String label, SyntheticModel.Shape shape, int maxContextSweep) {
    }

    private record Speed(double prefill, double decode) {
    }

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private static final String PROMPT = "Once upon a time, in a small village at the edge of a great forest, there lived an old "
            + "clockmaker who had never once left the valley. Every morning he opened his shop, wound every clock on the "
            + "wall, and waited for someone to bring him something broken. One autumn day a girl came in carrying";

    public static void main(String[] args) throws IOException {
        List<String> shapes = List.of(System.getProperty("bench.shapes", "15M,110M").split(","));
        int decodeTokens = Integer.getInteger("bench.decode", 48);
        int[] contexts = java.util.Arrays.stream(System.getProperty("bench.contexts", "256,1024,2048,4096").split(","))
                .mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))))
                .resolve("llmsuite-bench-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        int threads = Parallel.THREADS;
        var vocabulary = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("llama2-tokenizer.bin")));

        List<Shape> all = List.of(
                new Shape("15M", new SyntheticModel.Shape(288, 768, 6, 6, 6, 4096), 4096),
                new Shape("110M", new SyntheticModel.Shape(768, 2048, 12, 12, 12, 4096), 1024));
        List<Double> decodeF32 = new ArrayList<>();
        List<Double> decodeQ8 = new ArrayList<>();
        List<Double> prefill = new ArrayList<>();
        System.out.printf(Locale.ROOT, "generation benchmark: %d threads, %d decoded tokens, Vector API %d-bit%n",
                threads, decodeTokens, jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
        try {
            for (Shape shape : all) {
                if (!shapes.contains(shape.label)) {
                    continue;
                }
                for (TensorType type : new TensorType[] {TensorType.F32, TensorType.Q8_0}) {
                    Path file = dir.resolve(shape.label + "-" + type + ".gguf");
                    SyntheticModel.writeLlama(file, shape.shape, type, vocabulary, 1234);
                    try (LanguageModel ours = LanguageModel.load(file)) {
                        int[] prompt = ours.encodePrompt(PROMPT, true);
                        // Alternate the engines and keep each one's best round: the machine is shared, and
                        // a burst of someone else's work should not decide the ratio.
                        Speed reference = new Speed(0, 0);
                        Speed engine = new Speed(0, 0);
                        try (LlamaModel llamaModel = LlamaModel.load(file);
                             LlamaContext llamaCpp = llamaModel.newContext(ContextOptions.speed(512, threads))) {
                            measureLlamaCpp(llamaCpp, prompt, 8);
                            for (int round = 0; round < ROUNDS; round++) {
                                settle();
                                reference = best(reference, measureLlamaCpp(llamaCpp, prompt, decodeTokens));
                                settle();
                                engine = best(engine, measureOurs(ours, prompt, decodeTokens, round == 0));
                            }
                        }
                        double decodeRatio = engine.decode / reference.decode;
                        double prefillRatio = engine.prefill / reference.prefill;
                        System.out.printf(Locale.ROOT,
                                "%-5s %-5s params=%,d prompt=%d | prefill tok/s: llama.cpp %.1f ours %.1f ratio %.2f | decode tok/s: llama.cpp %.1f ours %.1f ratio %.2f%n",
                                shape.label, type, ours.info().parameterCount(), prompt.length,
                                reference.prefill, engine.prefill, prefillRatio, reference.decode, engine.decode, decodeRatio);
                        (type == TensorType.F32 ? decodeF32 : decodeQ8).add(decodeRatio);
                        prefill.add(prefillRatio);
                        contextSweep(ours, shape, type, contexts);
                    }
                    Files.deleteIfExists(file);
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
        System.out.printf(Locale.ROOT, "RESULT generation decode_vs_llamacpp_f32=%.2f decode_vs_llamacpp_q8=%.2f prefill_vs_llamacpp=%.2f%n",
                geometricMean(decodeF32), geometricMean(decodeQ8), geometricMean(prefill));
        // llama.cpp's native worker threads would otherwise keep the JVM alive.
        System.exit(0);
    }

    private static Speed measureLlamaCpp(LlamaContext llamaCpp, int[] prompt, int decodeTokens) {
        long prefill = Timings.prefill(llamaCpp, prompt);
        long decode = Timings.decode(llamaCpp, decodeTokens);
        return new Speed(prompt.length / seconds(prefill), decodeTokens / seconds(decode));
    }

    private static Speed measureOurs(LanguageModel model, int[] prompt, int decodeTokens, boolean firstRound) {
        // Let the JIT compile both paths (batched prefill, single-token decode) before timing.
        for (int round = 0; firstRound && round < 3; round++) {
            try (Session warmUp = model.newSession()) {
                warmUp.prefill(prompt);
                for (int i = 0; i < 16; i++) {
                    warmUp.next(i + 100);
                }
            }
        }
        try (Session session = model.newSession()) {
            long start = System.nanoTime();
            float[] logits = session.prefill(prompt);
            int token = argmax(logits);
            logits = session.next(token);
            long first = System.nanoTime();
            for (int i = 0; i < decodeTokens; i++) {
                token = argmax(logits);
                logits = session.next(token);
            }
            long end = System.nanoTime();
            return new Speed(prompt.length / seconds(first - start), decodeTokens / seconds(end - first));
        }
    }

    /** Our decode time per token with {@code context} tokens already in the cache. */
    private static void contextSweep(LanguageModel model, Shape shape, TensorType type, int[] contexts) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5s %-5s decode ms/token by context:", shape.label, type));
        try (Session session = model.newSession()) {
            for (int context : contexts) {
                if (context > shape.maxContextSweep) {
                    line.append(String.format(Locale.ROOT, " %d=skipped(slow prefill)", context));
                    continue;
                }
                int steps = 8;
                // Fill the cache so that the timed steps run at about this context length.
                int missing = context - steps - session.position();
                int chunk = 256;
                while (missing > 0) {
                    int[] filler = new int[Math.min(chunk, missing)];
                    for (int i = 0; i < filler.length; i++) {
                        filler[i] = 100 + (session.position() + i) % 20000;
                    }
                    session.prefill(filler);
                    missing -= filler.length;
                }
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    session.next(200 + i);
                }
                line.append(String.format(Locale.ROOT, " %d=%.1f", context, seconds(System.nanoTime() - start) * 1000 / steps));
            }
        }
        System.out.println(line);
        int headSize = shape.shape.dim() / shape.shape.heads();
        long scratch = 4L * new BlockedAttention(1, 1, headSize, BlockedAttention.DEFAULT_TILE).scratchFloats();
        int longest = Math.min(shape.maxContextSweep, contexts[contexts.length - 1]);
        System.out.printf(Locale.ROOT, "%-5s %-5s attention scratch per worker: %d bytes at every context; an n x n score matrix at n=%d would be %.1f MiB per head%n",
                shape.label, type, scratch, longest, 4.0 * longest * longest / (1 << 20));
    }

    /** llama.cpp's OpenMP workers keep spinning for a moment after a run; let them go to sleep first. */
    private static void settle() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Speed best(Speed a, Speed b) {
        return new Speed(Math.max(a.prefill, b.prefill), Math.max(a.decode, b.decode));
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

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double geometricMean(List<Double> values) {
        return values.isEmpty() ? Double.NaN : Math.exp(values.stream().mapToDouble(Math::log).average().orElse(0));
    }
}
