package dev.llmsuite.transformer.bench;

import dev.llmsuite.llamacpp.LlamaCppLibrary;
import dev.llmsuite.transformer.kernels.Parallel;
import dev.llmsuite.transformer.tensor.QuantizationPreset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ./suite bench generation}: our engine against a current llama.cpp on the same GGUF file,
 * prompt, thread count and greedy decoding, per model shape and tensor type. Three contenders
 * alternate within every round, and each keeps its best round: llama.cpp with weight repacking (its
 * default), llama.cpp without, and ours. Then decode time per token at long contexts, and the
 * memory-bandwidth roofline measured in the same run. The last line is the summary.
 *
 * <p>Options (system properties, through {@code BENCH_OPTS}): {@code bench.shapes} ("110M,1B"; also
 * "15M"), {@code bench.types} ("F32,Q8_0,Q4_K_M,Q6_K": a tensor type or a llama-quantize preset), {@code bench.rounds} (3), {@code bench.decode}
 * (decoded tokens per round, 48), {@code bench.contexts} ("1024,4096"), {@code bench.depth-steps}
 * (16), {@code bench.max-depth} (the longest context timed on every shape; by default 4096, 1024 on
 * the 1B shape), {@code bench.dir} (model cache, ~/.cache/llmsuite/bench-models),
 * {@code bench.rewrite} (write the model files again), {@code bench.kv-cache} (our cache's type, F16). Threads: {@code llmsuite.engine.threads}
 * (both engines; the script passes 2).
 */
public final class GenerationBenchmark {

    /** 66 tokens with BOS in the Llama 2 vocabulary. */
    private static final String PROMPT = "Once upon a time, in a small village at the edge of a great forest, there lived an old "
            + "clockmaker who had never once left the valley. Every morning he opened his shop, wound every clock on the "
            + "wall, and waited for someone to bring him something broken. One autumn day a girl came in carrying";

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int DECODE = Integer.getInteger("bench.decode", 48);
    /**
     * Untimed runs of our engine before the rounds. C2 compiles the kernels of a prompt batch and of
     * one decoded token separately, each only after it has run often enough; a served model runs
     * warm, so a measurement taken before that would time the interpreter and the first JIT tiers.
     */
    private static final int WARM_UP = Integer.getInteger("bench.warm-up", 6);
    private static final int DEPTH_STEPS = Integer.getInteger("bench.depth-steps", 16);
    private static final Integer MAX_DEPTH = Integer.getInteger("bench.max-depth");
    private static final int[] CONTEXTS = Arrays.stream(System.getProperty("bench.contexts", "1024,4096").split(","))
            .mapToInt(Integer::parseInt).toArray();

    /** One shape and type: the contenders' best speeds (llama.cpp, llama.cpp no-repack, ours) and the rest. */
    private record Row(String shape, String type, Contender.Speed[] speeds, double[][] depthMillis, DecodeTraffic traffic,
                       int promptTokens, double bandwidth, long bandwidthBuffer) {

        double decodeRatio() {
            return speeds[2].decode() / speeds[0].decode();
        }

        double prefillRatio() {
            return speeds[2].prefill() / speeds[0].prefill();
        }

        /** Tokens per second if every byte a token needs streamed at the measured bandwidth. */
        double roofline(long kvBytesPerPosition) {
            return bandwidth / (traffic.weightBytes() + kvBytesPerPosition * (promptTokens + DECODE / 2.0));
        }

        double ourRooflinePercent() {
            return 100 * speeds[2].decode() / roofline(traffic.kvBytesPerPosition());
        }

        /** llama.cpp's cache holds half floats. */
        double llamaCppRooflinePercent() {
            return 100 * speeds[0].decode() / roofline(traffic.kvBytesPerPosition() / OurContender.CACHE.bytes() * Short.BYTES);
        }
    }

    public static void main(String[] args) throws IOException {
        List<String> shapes = List.of(System.getProperty("bench.shapes", "110M,1B").split(","));
        List<String> types = List.of(System.getProperty("bench.types", String.join(",", BenchmarkModels.TYPES)).split(","));
        Path cache = Path.of(System.getProperty("bench.dir", Path.of(System.getProperty("user.home"), ".cache", "llmsuite", "bench-models").toString()));
        BenchmarkModels models = new BenchmarkModels(cache, Boolean.getBoolean("bench.rewrite"));
        int threads = Parallel.THREADS;

        LlamaCppLibrary llamaCpp = LlamaCppLibrary.load();
        System.out.printf(Locale.ROOT, "generation benchmark: %d threads on both engines, prompt of 66 tokens, %d greedy decode steps, best of %d rounds; "
                + "Vector API %d-bit%n", threads, DECODE, ROUNDS, jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
        System.out.printf(Locale.ROOT, "peer: llama.cpp of 2026-09-28 (npm @node-llama-cpp/linux-x64 %s, %s), %s%n",
                LlamaCppLibrary.PACKAGE_VERSION, llamaCpp.libraryFolder(), llamaCpp.systemInfo());
        long lastLevelCache = MemoryBandwidth.lastLevelCacheBytes();
        long beyondCache = Math.max(1L << 30, 4 * lastLevelCache);
        System.out.printf(Locale.ROOT, "memory read bandwidth, %d threads: %.1f GB/s within the %d MiB last-level cache (%d MiB buffer), "
                        + "%.1f GB/s beyond it (%d MiB buffer)%n", threads, MemoryBandwidth.measure(lastLevelCache / 2) / 1e9,
                lastLevelCache >> 20, lastLevelCache >> 21, MemoryBandwidth.measure(beyondCache) / 1e9, beyondCache >> 20);

        List<Row> rows = new ArrayList<>();
        List<String> notMeasured = new ArrayList<>();
        for (BenchmarkModels.Shape shape : BenchmarkModels.SHAPES) {
            if (!shapes.contains(shape.label())) {
                continue;
            }
            for (String typeName : types) {
                Optional<QuantizationPreset> type = QuantizationPreset.named(typeName);
                if (type.isEmpty()) {
                    notMeasured.add(shape.label() + " " + typeName + ": not a tensor type or preset the engine has");
                    continue;
                }
                Optional<Path> file;
                try {
                    file = models.file(shape, type.get());
                } catch (IllegalArgumentException e) {
                    notMeasured.add(shape.label() + " " + typeName + ": cannot be written (" + e.getMessage() + ")");
                    continue;
                }
                if (file.isEmpty()) {
                    notMeasured.add(shape.label() + " " + typeName + ": skipped, not enough free disk for the model file");
                    continue;
                }
                rows.add(measure(shape, typeName, file.get(), threads, beyondCache));
            }
        }
        printTables(rows, notMeasured);
        // llama.cpp's thread pools are freed; the engine's worker team would keep the JVM alive.
        System.exit(0);
    }

    private static Row measure(BenchmarkModels.Shape shape, String type, Path file, int threads, long bufferCap) throws IOException {
        int maxDepth = MAX_DEPTH != null ? MAX_DEPTH : shape.maxDepth();
        int longest = Arrays.stream(CONTEXTS).filter(c -> c <= maxDepth).max().orElse(0);
        System.err.printf(Locale.ROOT, "measuring %s %s (%s)...%n", shape.label(), type, file.getFileName());
        try (OurContender ours = new OurContender(file);
             Contender repacked = new LlamaCppContender(file, true, threads, Math.max(512, longest));
             Contender plain = new LlamaCppContender(file, false, threads, 512)) {
            int[] prompt = ours.model().encodePrompt(PROMPT, true);
            Contender[] contenders = {repacked, plain, ours};
            Contender.Speed[] best = {Contender.Speed.NONE, Contender.Speed.NONE, Contender.Speed.NONE};
            // A first run of each, untimed: page faults of the mapping on both sides, JIT compilation on ours.
            for (Contender contender : contenders) {
                contender.measure(prompt, 8);
            }
            for (int run = 0; run < WARM_UP; run++) {
                ours.measure(prompt, DECODE);
            }
            DecodeTraffic traffic = DecodeTraffic.of(file, ours.cacheBytesPerToken());
            long buffer = Math.min(traffic.weightBytes(), bufferCap);
            // The bandwidth takes its turn in every round too, and keeps its best, as the engines do.
            double bandwidth = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < contenders.length; i++) {
                    settle();
                    best[i] = best[i].best(contenders[i].measure(prompt, DECODE));
                }
                settle();
                bandwidth = Math.max(bandwidth, MemoryBandwidth.measure(buffer));
            }
            // Rounds here too, alternating, each side keeping its best: one decode step at depth reads
            // the weights from memory as a short-context step does, and a single measurement of each
            // side caught the machine's bandwidth swings (0.68x and 1.15x in two runs of one build).
            double[][] depthMillis = new double[CONTEXTS.length][];
            for (int c = 0; c < CONTEXTS.length; c++) {
                if (CONTEXTS[c] <= maxDepth) {
                    int[] filler = filler(CONTEXTS[c] - DEPTH_STEPS);
                    depthMillis[c] = new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
                    for (int round = 0; round < ROUNDS; round++) {
                        settle();
                        depthMillis[c][0] = Math.min(depthMillis[c][0], repacked.decodeMillisAtDepth(filler, DEPTH_STEPS));
                        settle();
                        depthMillis[c][1] = Math.min(depthMillis[c][1], ours.decodeMillisAtDepth(filler, DEPTH_STEPS));
                    }
                }
            }
            return new Row(shape.label(), type, best, depthMillis, traffic, prompt.length, bandwidth, buffer);
        }
    }

    /** Ordinary tokens (ids from 100 up; the first ids are control and byte tokens), the same for both engines. */
    private static int[] filler(int length) {
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = 100 + (int) ((i * 7919L) % 31_000);
        }
        return tokens;
    }

    private static void printTables(List<Row> rows, List<String> notMeasured) {
        System.out.println();
        System.out.println("| shape | type | prefill tok/s: llama.cpp | no-repack | ours | ours/llama.cpp | ours/no-repack "
                + "| decode tok/s: llama.cpp | no-repack | ours | ours/llama.cpp | ours/no-repack |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            Contender.Speed[] s = r.speeds();
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f | %.1f | %.1f | %.2f | %.2f |%n",
                    r.shape(), r.type(), s[0].prefill(), s[1].prefill(), s[2].prefill(), r.prefillRatio(), s[2].prefill() / s[1].prefill(),
                    s[0].decode(), s[1].decode(), s[2].decode(), r.decodeRatio(), s[2].decode() / s[1].decode());
        }
        System.out.println();
        StringBuilder header = new StringBuilder("| shape | type |");
        for (int context : CONTEXTS) {
            header.append(String.format(Locale.ROOT, " ms/token at %d: llama.cpp | ours | ours/llama.cpp speed |", context));
        }
        System.out.println(header);
        System.out.println("|---|---|" + "---:|---:|---:|".repeat(CONTEXTS.length));
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %s |", r.shape(), r.type()));
            for (double[] millis : r.depthMillis()) {
                line.append(millis == null ? " not timed (-Dbench.max-depth) | | |"
                        : String.format(Locale.ROOT, " %.2f | %.2f | %.2f |", millis[0], millis[1], millis[0] / millis[1]));
            }
            System.out.println(line);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Roofline: bytes a decoded token reads (weights once; the KV cache at the decode runs' mean context of %.0f positions, "
                + "%s in ours, F16 in llama.cpp) over the read bandwidth measured with a buffer of the weights' size (at most 4x the last-level cache or 1 GiB).%n",
                rows.isEmpty() ? 0.0 : rows.getFirst().promptTokens() + DECODE / 2.0, OurContender.CACHE);
        System.out.println("| shape | type | weights MB/token | KV MB/token (ours) | bandwidth GB/s (buffer MiB) | roofline tok/s (ours) | ours % of roofline | llama.cpp % of its roofline |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            double positions = r.promptTokens() + DECODE / 2.0;
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.2f | %.1f (%d) | %.1f | %.0f%% | %.0f%% |%n", r.shape(), r.type(),
                    r.traffic().weightBytes() / 1e6, r.traffic().kvBytesPerPosition() * positions / 1e6, r.bandwidth() / 1e9,
                    r.bandwidthBuffer() >> 20, r.roofline(r.traffic().kvBytesPerPosition()), r.ourRooflinePercent(),
                    r.llamaCppRooflinePercent());
        }
        if (!notMeasured.isEmpty()) {
            System.out.println();
            notMeasured.forEach(System.out::println);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "RESULT generation decode_vs_llamacpp_f32=%s decode_vs_llamacpp_q8=%s prefill_vs_llamacpp=%s "
                        + "decode_vs_llamacpp_q4k=%s prefill_vs_llamacpp_q8=%s roofline_pct=%s%n",
                mean(rows, "F32", Row::decodeRatio), mean(rows, "Q8_0", Row::decodeRatio), mean(rows, null, Row::prefillRatio),
                mean(rows, "Q4_K_M", Row::decodeRatio), mean(rows, "Q8_0", Row::prefillRatio), percent(rows));
    }

    /** Geometric mean over the rows of a type (all rows for null); "n/a" when none was measured. */
    private static String mean(List<Row> rows, String type, java.util.function.ToDoubleFunction<Row> value) {
        double[] values = rows.stream().filter(r -> type == null || r.type().equals(type)).mapToDouble(value).toArray();
        return values.length == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", geometricMean(values));
    }

    private static String percent(List<Row> rows) {
        double[] values = rows.stream().mapToDouble(Row::ourRooflinePercent).toArray();
        return values.length == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", geometricMean(values));
    }

    private static double geometricMean(double[] values) {
        return Math.exp(Arrays.stream(values).map(Math::log).average().orElse(Double.NaN));
    }

    /** Lets the contender that just ran stop spinning: llama.cpp's pool polls, our team spins, before they sleep. */
    private static void settle() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
