package dev.llmsuite.generation.completion;

import dev.llmsuite.transformer.generate.FinishReason;
import dev.llmsuite.transformer.generate.GenerationResult;
import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsagePublisher;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * One usage event per request, handed to the publisher (which never blocks): the tokens billed
 * (each prompt once, as in the response's usage), the time to first token of the first choice, the
 * whole latency and how the first choice ended, under both the response's id and the request's
 * {@code x-request-id}. A request cut short by a disconnect is still billed for what was computed.
 */
@ApplicationScoped
public class UsageRecorder {

    static final String SERVICE = "generation-service";

    private final UsagePublisher publisher;

    public UsageRecorder(UsagePublisher publisher) {
        this.publisher = publisher;
    }

    void record(String tenant, GenerationPlan plan, String requestId, String xRequestId, List<GenerationResult> results,
                long startNanos) {
        long completionTokens = results.stream().mapToLong(GenerationResult::completionTokens).sum();
        long promptTokens = plan.promptTokensOfStartedPrompts(results.size());
        Long timeToFirstTokenMs = results.isEmpty() ? null : results.getFirst().timeToFirstTokenNanos() / 1_000_000;
        String finishReason = results.isEmpty() ? FinishReason.CANCELLED.wireName() : results.getFirst().finishReason().wireName();
        long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
        publisher.publish(UsageEvent.of(tenant, SERVICE, plan.model().name(), plan.operation(), promptTokens, completionTokens,
                latencyMs, timeToFirstTokenMs, finishReason, requestId, xRequestId));
    }
}
