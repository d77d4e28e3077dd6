package dev.llmsuite.generation.bench;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.servicetesting.ServiceProcess;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.kernels.Parallel;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import dev.llmsuite.transformer.serving.SchedulerSettings;
import dev.llmsuite.transformer.synthetic.SyntheticModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./suite bench serving}: continuous batching on the 110M Llama shape (dim 768, 12 layers,
 * 12 heads, hidden 2048, Llama 2 vocabulary; random weights written by our GGUF writer) in F32 and
 * Q8_0, in process on the scheduler, against llama.cpp decoding as many sequences at once, and
 * over HTTP through the packaged service and the gateway with the default configuration.
 *
 * <p>Per type it prints: aggregate decode tokens/s at 1, 2, 4, 8 and 16 concurrent streams, ours
 * and llama.cpp's side by side, each the best of interleaved rounds; time to first token and inter-token latency at 16 streams with
 * mixed prompt lengths; the inter-token latency of 15 streams while a 1,500-token prompt is
 * admitted, with chunked prefill and without; and the time to first token of requests sharing a
 * 1,000-token system prompt (100-token user turns), with prefix caching and without. Over HTTP:
 * the same decode sweep through the service, and 300 concurrent chat completions (max_tokens 16)
 * through the gateway. The last line's ratios are geometric means over the two types.
 *
 * <p>Options (system properties): {@code bench.types} ("F32,Q8_0"), {@code bench.streams}
 * ("1,2,4,8,16"), {@code bench.tokens} (decoded tokens per stream, 32), {@code bench.warm-up} (3), {@code bench.rounds} (3),
 * {@code bench.http} (true),
 * {@code bench.dir} (where the model files go; deleted afterwards).
 */
public final class ServingBenchmark {

    private static final SyntheticModel.Shape SHAPE_110M = new SyntheticModel.Shape(768, 2048, 12, 12, 12, 4096);
    private static final int PROMPT = 32;
    /** Untimed rounds at 16 streams and at one before the sweep ({@code bench.warm-up}). */
    private static final int WARM_UP = Integer.getInteger("bench.warm-up", 3);
    /**
     * Timed sweeps over the stream counts, ours and llama.cpp's alternating ({@code bench.rounds}):
     * each count keeps its best, so that a burst of load from elsewhere on a shared machine
     * lowers neither side's figure alone.
     */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    public static void main(String[] args) throws Exception {
        List<TensorType> types = Arrays.stream(System.getProperty("bench.types", "F32,Q8_0").split(",")).map(TensorType::valueOf).toList();
        int[] streams = Arrays.stream(System.getProperty("bench.streams", "1,2,4,8,16").split(",")).mapToInt(Integer::parseInt).toArray();
        int tokens = Integer.getInteger("bench.tokens", 32);
        boolean http = Boolean.parseBoolean(System.getProperty("bench.http", "true"));
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")))
                .resolve("llmsuite-serving-bench-" + ProcessHandle.current().pid()));
        var vocabulary = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("llama2-tokenizer.bin")));
        System.out.printf(Locale.ROOT, "serving benchmark: 110M Llama shape, %d threads (ours and llama.cpp), "
                + "%d decoded tokens per stream, prompts of %d tokens%n", Parallel.THREADS, tokens, PROMPT);
        List<Double> eight = new ArrayList<>();
        List<Double> sixteen = new ArrayList<>();
        List<Double> prefix = new ArrayList<>();
        List<Double> versusPeer = new ArrayList<>();
        try {
            Path served = null;
            for (TensorType type : types) {
                Path file = dir.resolve("110M-" + type + ".gguf");
                SyntheticModel.writeLlama(file, SHAPE_110M, type, vocabulary, 1234);
                served = file;
                try (LanguageModel model = LanguageModel.load(file); LlamaCppRuns peer = new LlamaCppRuns(file, Parallel.THREADS)) {
                    TypeResult result = runType(type, model, peer, streams, tokens);
                    eight.add(result.ours(8) / result.ours(1));
                    sixteen.add(result.ours(16) / result.ours(1));
                    versusPeer.add(result.ours(8) / result.peer(8));
                    prefix.add(result.prefixSpeedup());
                }
            }
            if (http) {
                runHttp(served, streams, tokens);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
        System.out.printf(Locale.ROOT, "RESULT serving streams8_vs_1=%.2f streams16_vs_1=%.2f prefix_ttft_speedup=%.2f vs_llamacpp_8=%.2f%n",
                Percentiles.geometricMean(eight), Percentiles.geometricMean(sixteen), Percentiles.geometricMean(prefix),
                Percentiles.geometricMean(versusPeer));
        // llama.cpp's native worker threads would otherwise keep the JVM alive.
        System.exit(0);
    }

    private record TypeResult(int[] streams, double[] ours, double[] peer, double prefixSpeedup) {
        double ours(int count) {
            return ours[indexOf(count)];
        }

        double peer(int count) {
            return peer[indexOf(count)];
        }

        private int indexOf(int count) {
            for (int i = 0; i < streams.length; i++) {
                if (streams[i] == count) {
                    return i;
                }
            }
            throw new IllegalArgumentException("bench.streams must include " + count);
        }
    }

    private static TypeResult runType(TensorType type, LanguageModel model, LlamaCppRuns peer, int[] streams, int tokens) {
        EngineRuns engine = new EngineRuns(model);
        // Let the JIT compile the batched and single-sequence paths before anything is timed: C2
        // reaches its final code for the large kernels only after several seconds of use.
        for (int run = 0; run < WARM_UP; run++) {
            engine.decodeThroughput(16, PROMPT, tokens);
            engine.decodeThroughput(1, PROMPT, tokens);
        }
        System.out.printf(Locale.ROOT, "%n%s, aggregate decode tokens/s by concurrent streams (best of %d rounds):%n", type, ROUNDS);
        System.out.printf(Locale.ROOT, "  %-8s %12s %12s %10s %14s%n", "streams", "ours", "llama.cpp", "ratio", "ours vs 1");
        double[] ours = new double[streams.length];
        double[] theirs = new double[streams.length];
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < streams.length; i++) {
                List<int[]> prompts = new ArrayList<>();
                for (int s = 0; s < streams[i]; s++) {
                    prompts.add(engine.prompt(PROMPT));
                }
                theirs[i] = Math.max(theirs[i], peer.decodeThroughput(prompts, tokens));
                ours[i] = Math.max(ours[i], engine.decodeThroughput(streams[i], PROMPT, tokens));
            }
        }
        for (int i = 0; i < streams.length; i++) {
            System.out.printf(Locale.ROOT, "  %-8d %12.1f %12.1f %10.2f %14.2f%n", streams[i], ours[i], theirs[i], ours[i] / theirs[i],
                    ours[i] / ours[0]);
        }

        EngineRuns.Latency latency = engine.mixedPrompts(16, new int[] {16, 64, 256, 512}, tokens);
        System.out.printf(Locale.ROOT, "%s, 16 streams, prompts of 16/64/256/512 tokens arriving together:%n", type);
        System.out.println("  time to first token (queue included): " + latency.timeToFirstToken());
        System.out.println("  inter-token latency:                  " + latency.interToken());
        Percentiles chunked = engine.admissionOfLongPrompt(15, 1500, SchedulerSettings.DEFAULT_MAX_BATCH_TOKENS);
        Percentiles whole = engine.admissionOfLongPrompt(15, 1500, 2048);
        System.out.printf(Locale.ROOT, "%s, 15 streams decoding while a 1,500-token prompt is admitted, their inter-token latency:%n", type);
        System.out.printf(Locale.ROOT, "  chunked prefill (%d tokens per step): %s%n", SchedulerSettings.DEFAULT_MAX_BATCH_TOKENS, chunked);
        System.out.println("  whole prompt in one step:              " + whole);

        double cached = engine.sharedPrefixTimeToFirstToken(1000, 100, 3, true);
        double uncached = engine.sharedPrefixTimeToFirstToken(1000, 100, 3, false);
        System.out.printf(Locale.ROOT, "%s, 1,000-token system prompt + 100-token user turns, time to first token: "
                + "prefix caching %.0f ms, without %.0f ms, speedup %.2f%n", type, cached, uncached, uncached / cached);
        return new TypeResult(streams, ours, theirs, uncached / cached);
    }

    private static void runHttp(Path modelFile, int[] streams, int tokens) throws Exception {
        Path logs = Path.of(System.getProperty("java.io.tmpdir"));
        List<String> serviceOptions = List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dllmsuite.generation.models.bench.path=" + modelFile, "-Dllmsuite.generation.model-dir=" + modelFile.getParent().resolve("none"),
                "-Dllmsuite.engine.threads=" + Parallel.THREADS);
        try (ServiceProcess service = ServiceProcess.start(Path.of("generation-service/target/quarkus-app/quarkus-run.jar"), serviceOptions,
                logs.resolve("serving-bench-generation-service.log"));
             ServiceProcess gateway = ServiceProcess.start(Path.of("gateway/target/quarkus-app/quarkus-run.jar"),
                     List.of("-Dllmsuite.gateway.services.generation.urls=" + service.baseUrl()), logs.resolve("serving-bench-gateway.log"))) {
            HttpRuns runs = new HttpRuns("bench", 2);
            List<int[]> warmUp = new ArrayList<>();
            for (int s = 0; s < 16; s++) {
                warmUp.add(promptIds(s));
            }
            for (int run = 0; run < WARM_UP; run++) {
                runs.decodeThroughput(service.baseUrl(), warmUp, tokens);
                runs.decodeThroughput(service.baseUrl(), warmUp.subList(0, 1), tokens);
            }
            System.out.printf(Locale.ROOT, "%nover HTTP (%s, default configuration), aggregate decode tokens/s of streamed completions:%n",
                    modelFile.getFileName());
            double one = 0;
            for (int count : streams) {
                double rate = runs.decodeThroughput(service.baseUrl(), warmUp.subList(0, count), tokens);
                one = count == streams[0] ? rate : one;
                System.out.printf(Locale.ROOT, "  %-8d %12.1f   (%.2f x one stream)%n", count, rate, rate / one);
            }
            long start = System.nanoTime();
            int succeeded = runs.concurrentChats(gateway.baseUrl(), 300, 16);
            System.out.printf(Locale.ROOT, "300 concurrent chat completions (max_tokens 16) through the gateway: %d succeeded, in %.1f s%n",
                    succeeded, (System.nanoTime() - start) / 1e9);
        }
    }

    /** A prompt of {@link #PROMPT} token ids for HTTP stream {@code s}: BOS, then ids that differ per stream. */
    private static int[] promptIds(int s) {
        int[] ids = new int[PROMPT];
        ids[0] = 1;
        for (int i = 1; i < PROMPT; i++) {
            ids[i] = 1000 + (s * 97 + i * 31) % 20000;
        }
        return ids;
    }

    private ServingBenchmark() {
    }
}
