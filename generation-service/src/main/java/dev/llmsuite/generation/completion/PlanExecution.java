package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.metrics.GenerationMetrics;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.transformer.generate.GeneratedToken;
import dev.llmsuite.transformer.generate.GenerationRequest;
import dev.llmsuite.transformer.generate.GenerationResult;
import dev.llmsuite.transformer.sampling.SamplingParameters;
import dev.llmsuite.transformer.serving.Choice;
import dev.llmsuite.transformer.serving.QueueFullException;
import dev.llmsuite.transformer.serving.SequenceHandle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;

/**
 * A plan's choices submitted to its model's scheduler (one submission per prompt, whose n choices
 * share the prompt's computation), then followed as they generate. Tokens arrive on the
 * scheduler's thread and wait in a queue until the request's thread takes them, so writing to a
 * client never holds up the batch; a stream whose client has fallen {@link #MOST_UNREAD} tokens
 * behind sits out steps (keeping its place) until the client catches up.
 */
final class PlanExecution {

    static final int MOST_UNREAD = 256;

    private record Event(int choice, GeneratedToken token, GenerationResult result, Throwable error) {
    }

    private final GenerationPlan plan;
    private final GenerationMetrics metrics;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<SequenceHandle> handles = new ArrayList<>();
    private final long[] lastToken;

    private PlanExecution(GenerationPlan plan, GenerationMetrics metrics) {
        this.plan = plan;
        this.metrics = metrics;
        this.lastToken = new long[plan.choices()];
    }

    /**
     * Submits every choice, or none: a full queue is a 429 with Retry-After, a prompt the KV-cache
     * cannot hold a 400. {@code cancelled} is polled by the scheduler at every step.
     */
    static PlanExecution start(GenerationPlan plan, GenerationMetrics metrics, boolean relayTokens, BooleanSupplier cancelled) {
        PlanExecution execution = new PlanExecution(plan, metrics);
        try {
            for (int p = 0; p < plan.prompts().size(); p++) {
                List<Choice> choices = new ArrayList<>();
                for (int i = 0; i < plan.n(); i++) {
                    choices.add(execution.choice(p, p * plan.n() + i, relayTokens));
                }
                execution.follow(plan.model().scheduler().submit(choices, cancelled), p * plan.n());
            }
        } catch (QueueFullException e) {
            execution.cancel();
            throw OpenAiException.tooManyRequests(e.getMessage() + " Retry shortly.", e.retryAfterSeconds());
        } catch (IllegalArgumentException e) {
            execution.cancel();
            throw OpenAiException.badRequest(e.getMessage(), plan.operation().equals("chat.completion") ? "messages" : "prompt");
        }
        return execution;
    }

    /** Choice {@code p * n + i} samples with seed {@code seed + p * n + i}: each choice differs, yet the whole is repeatable. */
    private Choice choice(int prompt, int choice, boolean relayTokens) {
        SamplingParameters sampling = plan.sampling().seed() == null ? plan.sampling() : plan.sampling().withSeed(plan.sampling().seed() + choice);
        GenerationRequest request = new GenerationRequest(plan.prompts().get(prompt), plan.maxTokens()[prompt], plan.stop(),
                plan.stopTokens(), sampling);
        return new Choice(request, token -> {
            if (token.token() >= 0) {
                long now = System.nanoTime();
                if (lastToken[choice] != 0) {
                    metrics.interTokenLatency(plan.model().name(), now - lastToken[choice]);
                }
                lastToken[choice] = now;
            }
            if (relayTokens) {
                events.add(new Event(choice, token, null, null));
            }
        }, () -> events.size() < MOST_UNREAD);
    }

    private void follow(List<SequenceHandle> submitted, int firstChoice) {
        for (int i = 0; i < submitted.size(); i++) {
            int choice = firstChoice + i;
            handles.add(submitted.get(i));
            submitted.get(i).result().whenComplete((result, error) -> events.add(new Event(choice, null, result, error)));
        }
    }

    /**
     * On the request's thread: hands every token and every choice's end to {@code listener} as they
     * come, and returns the results in choice order once all have ended. When {@code readerGone}
     * turns true (the client went away), the remaining choices are cancelled.
     */
    List<GenerationResult> await(ChoiceListener listener, BooleanSupplier readerGone) {
        GenerationResult[] results = new GenerationResult[plan.choices()];
        int ended = 0;
        try {
            while (ended < results.length) {
                Event event = events.take();
                if (event.error() != null) {
                    cancel();
                    throw new OpenAiException(500, "server_error", "Generation failed: " + event.error().getMessage(), null, "internal_error");
                }
                if (event.token() != null) {
                    listener.onToken(event.choice(), event.token());
                } else {
                    results[event.choice()] = event.result();
                    ended++;
                    record(event.result());
                    listener.onFinish(event.choice(), event.result());
                }
                if (readerGone.getAsBoolean()) {
                    cancel();
                }
            }
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw OpenAiException.serviceUnavailable("Interrupted while generating.");
        }
        return Arrays.asList(results);
    }

    private void record(GenerationResult result) {
        if (result.completionTokens() > 0) {
            metrics.timeToFirstToken(plan.model().name(), result.timeToFirstTokenNanos());
            metrics.tokensPerSecond(result.tokensPerSecond());
        }
    }

    /** Stops every choice at the scheduler's next step. */
    void cancel() {
        handles.forEach(SequenceHandle::cancel);
    }
}
