package dev.llmsuite.generation.bench;

import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.generate.GenerationRequest;
import dev.llmsuite.transformer.generate.GenerationResult;
import dev.llmsuite.transformer.generate.TokenListener;
import dev.llmsuite.transformer.sampling.SamplingParameters;
import dev.llmsuite.transformer.serving.Choice;
import dev.llmsuite.transformer.serving.Scheduler;
import dev.llmsuite.transformer.serving.SchedulerLoop;
import dev.llmsuite.transformer.serving.SchedulerSettings;
import dev.llmsuite.transformer.serving.SequenceHandle;
import dev.llmsuite.transformer.serving.StepReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The workloads run in process on our scheduler: decode throughput by number of streams, latency
 * with mixed prompt lengths, a long prompt admitted among running streams, and a shared prefix.
 * Prompts are random token ids (the model is random too); end-of-sequence is banned so every
 * stream runs to its max_tokens.
 */
final class EngineRuns {

    private final LanguageModel model;
    private final SplittableRandom random = new SplittableRandom(2024);

    EngineRuns(LanguageModel model) {
        this.model = model;
    }

    int[] prompt(int length) {
        int[] tokens = new int[length];
        tokens[0] = model.info().bosToken();
        for (int i = 1; i < length; i++) {
            tokens[i] = 100 + random.nextInt(model.info().vocabularySize() - 100);
        }
        return tokens;
    }

    private GenerationRequest request(int[] prompt, int maxTokens) {
        return new GenerationRequest(prompt, maxTokens, List.of(),
                SamplingParameters.greedy().withLogitBias(Map.of(model.info().eosToken(), -100f)));
    }

    /** With a half-precision cache, as the service runs it by default and as llama.cpp's peer runs. */
    private Scheduler scheduler(int maxBatch, int maxBatchTokens, boolean prefixCaching) {
        SchedulerSettings defaults = SchedulerSettings.defaults();
        return new Scheduler(model, defaults.withMaxBatch(maxBatch, maxBatchTokens)
                .withCache(defaults.blockSize(), defaults.cacheBytes(), prefixCaching).withCacheType(KvCacheType.F16));
    }

    /**
     * Aggregate decode tokens per second of {@code streams} sequences decoding together, over the
     * steps in which all of them decode (prefill excluded, as for llama.cpp).
     */
    double decodeThroughput(int streams, int promptLength, int tokens) {
        Scheduler scheduler = scheduler(Math.max(streams, SchedulerSettings.DEFAULT_MAX_BATCH_SIZE), streams * promptLength, false);
        List<StepReport> steps = new ArrayList<>();
        scheduler.observe(steps::add);
        List<SequenceHandle> handles = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            handles.addAll(scheduler.submit(List.of(new Choice(request(prompt(promptLength), tokens), TokenListener.NONE)), () -> false));
        }
        runToEnd(scheduler, handles);
        long decoded = 0;
        long nanos = 0;
        for (StepReport step : steps) {
            if (step.prefillRows() == 0 && step.decodeRows() == streams) {
                decoded += step.decodeRows();
                nanos += step.nanos();
            }
        }
        return decoded / (nanos / 1e9);
    }

    /** Time to first token (queue included) and inter-token latency of requests arriving together. */
    record Latency(Percentiles timeToFirstToken, Percentiles interToken) {
    }

    /** {@code streams} requests submitted at once, prompt lengths cycling through {@code promptLengths}. */
    Latency mixedPrompts(int streams, int[] promptLengths, int tokens) {
        Scheduler scheduler = scheduler(SchedulerSettings.DEFAULT_MAX_BATCH_SIZE, SchedulerSettings.DEFAULT_MAX_BATCH_TOKENS, false);
        List<TimedStream> timed = new ArrayList<>();
        try (SchedulerLoop loop = new SchedulerLoop(scheduler, "bench")) {
            for (int s = 0; s < streams; s++) {
                timed.add(new TimedStream(scheduler, request(prompt(promptLengths[s % promptLengths.length]), tokens)));
            }
            timed.forEach(TimedStream::await);
        }
        List<Long> firstTokens = new ArrayList<>();
        List<Long> gaps = new ArrayList<>();
        for (TimedStream stream : timed) {
            firstTokens.add(stream.timeToFirstToken());
            gaps.addAll(stream.gaps());
        }
        return new Latency(Percentiles.ofNanos(firstTokens), Percentiles.ofNanos(gaps));
    }

    /**
     * The inter-token latency of {@code streams} running streams while a prompt of
     * {@code longPrompt} tokens is admitted (from its submission to its first token), with prompts
     * chunked to {@code maxBatchTokens} rows per step.
     */
    Percentiles admissionOfLongPrompt(int streams, int longPrompt, int maxBatchTokens) {
        Scheduler scheduler = scheduler(SchedulerSettings.DEFAULT_MAX_BATCH_SIZE, maxBatchTokens, false);
        List<TimedStream> running = new ArrayList<>();
        try (SchedulerLoop loop = new SchedulerLoop(scheduler, "bench")) {
            for (int s = 0; s < streams; s++) {
                running.add(new TimedStream(scheduler, request(prompt(32), 100_000)));
            }
            while (running.stream().anyMatch(stream -> stream.tokens() < 2)) {
                Thread.onSpinWait();
            }
            long admitted = System.nanoTime();
            TimedStream longOne = new TimedStream(scheduler, request(prompt(longPrompt), 4));
            longOne.await();
            running.forEach(TimedStream::cancel);
            running.forEach(TimedStream::await);
            List<Long> gaps = new ArrayList<>();
            for (TimedStream stream : running) {
                gaps.addAll(stream.gapsBetween(admitted, longOne.firstTokenAt()));
            }
            return Percentiles.ofNanos(gaps);
        }
    }

    /**
     * Mean time to first token of requests that share a {@code systemPrompt}-token prefix and
     * differ in a {@code userTurn}-token suffix, one after another, after a first request that
     * fills the cache. Without prefix caching every request computes its whole prompt.
     */
    double sharedPrefixTimeToFirstToken(int systemPrompt, int userTurn, int requests, boolean prefixCaching) {
        Scheduler scheduler = scheduler(SchedulerSettings.DEFAULT_MAX_BATCH_SIZE, SchedulerSettings.DEFAULT_MAX_BATCH_TOKENS, prefixCaching);
        int[] system = prompt(systemPrompt);
        double total = 0;
        for (int r = 0; r <= requests; r++) {
            int[] whole = new int[systemPrompt + userTurn];
            System.arraycopy(system, 0, whole, 0, systemPrompt);
            System.arraycopy(prompt(userTurn), 1, whole, systemPrompt, userTurn - 1);
            whole[whole.length - 1] = 100 + r;
            List<SequenceHandle> handles = scheduler.submit(List.of(new Choice(request(whole, 1), TokenListener.NONE)), () -> false);
            GenerationResult result = runToEnd(scheduler, handles).getFirst();
            if (r > 0) {
                total += result.timeToFirstTokenNanos() / 1e6;
            }
        }
        return total / requests;
    }

    private static List<GenerationResult> runToEnd(Scheduler scheduler, List<SequenceHandle> handles) {
        while (!handles.stream().allMatch(h -> h.result().isDone())) {
            scheduler.step();
        }
        return handles.stream().map(h -> h.result().join()).toList();
    }

}
