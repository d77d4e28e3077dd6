package dev.llmsuite.embedding.serving;

import dev.llmsuite.embedding.batching.BatchObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * The batcher's numbers as Prometheus metrics, tagged by model. Sentences per second is the
 * rate of {@code embedding_sentences_total}; the padding ratio is padded over real tokens, so
 * 1.0 means no padding at all.
 */
final class BatchMetrics implements BatchObserver {

    private final DistributionSummary batchSize;
    private final DistributionSummary paddingRatio;
    private final Timer inference;
    private final Timer queueWait;
    private final Counter sentences;
    private final Counter tokens;
    private final Counter dropped;

    BatchMetrics(MeterRegistry registry, String model) {
        batchSize = DistributionSummary.builder("embedding.batch.size").description("Sentences per ONNX Runtime run")
                .tag("model", model).publishPercentiles(0.5, 0.95).register(registry);
        paddingRatio = DistributionSummary.builder("embedding.batch.padding.ratio")
                .description("Padded tokens over real tokens per run (1.0 = no padding)")
                .tag("model", model).publishPercentiles(0.5, 0.95).register(registry);
        inference = Timer.builder("embedding.inference").description("ONNX Runtime run time per batch")
                .tag("model", model).publishPercentiles(0.5, 0.95).register(registry);
        queueWait = Timer.builder("embedding.queue.wait").description("Time a sentence waits for its batch")
                .tag("model", model).publishPercentiles(0.5, 0.95).register(registry);
        sentences = Counter.builder("embedding.sentences").description("Sentences embedded (rate = sentences/s)")
                .tag("model", model).register(registry);
        tokens = Counter.builder("embedding.tokens").description("Real tokens embedded")
                .tag("model", model).register(registry);
        dropped = Counter.builder("embedding.sentences.dropped").description("Sentences dropped because the client went away")
                .tag("model", model).register(registry);
    }

    @Override
    public void batchRun(int count, long realTokens, long paddedTokens, long inferenceNanos) {
        batchSize.record(count);
        paddingRatio.record(realTokens == 0 ? 1 : (double) paddedTokens / realTokens);
        inference.record(inferenceNanos, TimeUnit.NANOSECONDS);
        sentences.increment(count);
        tokens.increment(realTokens);
    }

    @Override
    public void queueWait(long nanos) {
        queueWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void dropped(int count) {
        dropped.increment(count);
    }
}
