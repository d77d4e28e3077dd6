package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.metrics.GenerationMetrics;
import dev.llmsuite.transformer.generate.GeneratedToken;
import dev.llmsuite.transformer.generate.GenerationRequest;
import dev.llmsuite.transformer.generate.GenerationResult;
import dev.llmsuite.transformer.generate.Generator;
import dev.llmsuite.transformer.sampling.SamplingParameters;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs a plan's choices one after another on the calling thread (the slot it holds is one
 * generation's worth of CPU), feeding the metrics as tokens arrive. A cancelled plan stops at
 * once and does not start its remaining choices.
 */
public final class PlanRunner {

    private final GenerationMetrics metrics;

    public PlanRunner(GenerationMetrics metrics) {
        this.metrics = metrics;
    }

    public List<GenerationResult> run(GenerationPlan plan, ChoiceListener listener, BooleanSupplier cancelled) {
        Generator generator = new Generator(plan.model().model());
        List<GenerationResult> results = new ArrayList<>(plan.choices());
        for (int p = 0; p < plan.prompts().size(); p++) {
            for (int i = 0; i < plan.n(); i++) {
                if (cancelled.getAsBoolean()) {
                    return results;
                }
                int choice = p * plan.n() + i;
                SamplingParameters sampling = plan.sampling().seed() == null ? plan.sampling()
                        : plan.sampling().withSeed(plan.sampling().seed() + choice);
                GenerationRequest request = new GenerationRequest(plan.prompts().get(p), plan.maxTokens()[p], plan.stop(),
                        plan.stopTokens(), sampling);
                Object sequence = new Object();
                // The first token's wait is prefill (time to first token); only later gaps are inter-token latency.
                long[] previous = {0};
                try {
                    GenerationResult result = generator.generate(request, token -> {
                        if (token.token() >= 0) {
                            long now = System.nanoTime();
                            metrics.cacheBytes(sequence, token.cacheBytes());
                            if (previous[0] != 0) {
                                metrics.interTokenLatency(plan.model().name(), now - previous[0]);
                            }
                            previous[0] = now;
                        }
                        listener.onToken(choice, token);
                    }, cancelled);
                    if (result.completionTokens() > 0) {
                        metrics.timeToFirstToken(plan.model().name(), result.timeToFirstTokenNanos());
                        metrics.tokensPerSecond(result.tokensPerSecond());
                    }
                    results.add(result);
                    listener.onFinish(choice, result);
                } finally {
                    metrics.cacheReleased(sequence);
                }
            }
        }
        return results;
    }
}
