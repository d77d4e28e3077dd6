package dev.llmsuite.generation.completion;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmsuite.generation.metrics.GenerationMetrics;
import dev.llmsuite.transformer.generate.GeneratedToken;
import dev.llmsuite.transformer.generate.GenerationResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Submits a plan to its model's scheduler and answers in OpenAI's format: one JSON object, or a
 * server-sent event stream of chunks. Submission happens before answering, so a full queue can
 * still say 429; the choices stop when the client goes away.
 */
@ApplicationScoped
public class CompletionExecutor {

    private final GenerationMetrics metrics;
    private final UsageRecorder usage;
    private final ObjectMapper json;

    public CompletionExecutor(GenerationMetrics metrics, UsageRecorder usage, ObjectMapper json) {
        this.metrics = metrics;
        this.usage = usage;
        this.json = json;
    }

    /** @param requestId the request's {@code x-request-id}, carried into the usage event */
    public Response completion(GenerationPlan plan, String tenant, String requestId, BooleanSupplier disconnected) {
        CompletionRendering rendering = new CompletionRendering(plan, "cmpl-" + randomId(), Instant.now().getEpochSecond());
        return execute(plan, tenant, requestId, disconnected, rendering, sse -> textChunks(plan, rendering, sse));
    }

    /** @param requestId the request's {@code x-request-id}, carried into the usage event */
    public Response chat(GenerationPlan plan, String tenant, String requestId, BooleanSupplier disconnected) {
        ChatRendering rendering = new ChatRendering(plan, "chatcmpl-" + randomId(), Instant.now().getEpochSecond());
        return execute(plan, tenant, requestId, disconnected, rendering, sse -> chatChunks(plan, rendering, sse));
    }

    /** What both endpoints do alike; only a stream's content chunks are the endpoint's own, written by {@code chunks}. */
    private Response execute(GenerationPlan plan, String tenant, String requestId, BooleanSupplier disconnected, Rendering rendering,
                             Function<SseStream, ChoiceListener> chunks) {
        long start = System.nanoTime();
        PlanExecution execution = PlanExecution.start(plan, metrics, plan.stream(), disconnected);
        if (!plan.stream()) {
            List<GenerationResult> results = execution.await(ChoiceListener.NONE, () -> false);
            usage.record(tenant, plan, rendering.id(), requestId, results, start);
            return Response.ok(rendering.response(results), MediaType.APPLICATION_JSON_TYPE).build();
        }
        StreamingOutput output = out -> {
            SseStream sse = new SseStream(out, json);
            List<GenerationResult> results = execution.await(chunks.apply(sse), sse::closed);
            // Recorded before the stream ends: a client that saw [DONE] was billed, even if this process dies now.
            usage.record(tenant, plan, rendering.id(), requestId, results, start);
            if (plan.includeUsage()) {
                sse.send(rendering.usageChunk(results));
            }
            sse.done();
        };
        return Response.ok(output, "text/event-stream").header("Cache-Control", "no-cache").build();
    }

    /** Text chunks carry their offset in the choice's text, for the logprobs' {@code text_offset}. */
    private static ChoiceListener textChunks(GenerationPlan plan, CompletionRendering rendering, SseStream sse) {
        int[] textOffsets = new int[plan.choices()];
        return new ChoiceListener() {
            @Override
            public void onToken(int choice, GeneratedToken token) {
                if (!token.text().isEmpty() || token.logprob() != null) {
                    sse.send(rendering.textChunk(choice, token.text(), token.logprob(), textOffsets[choice]));
                    textOffsets[choice] += token.text().length();
                }
            }

            @Override
            public void onFinish(int choice, GenerationResult result) {
                sse.send(rendering.finishChunk(choice, result));
            }
        };
    }

    /** Each chat choice opens with a chunk announcing the assistant role, before its first content. */
    private static ChoiceListener chatChunks(GenerationPlan plan, ChatRendering rendering, SseStream sse) {
        boolean[] announced = new boolean[plan.choices()];
        return new ChoiceListener() {
            @Override
            public void onToken(int choice, GeneratedToken token) {
                announce(choice);
                if (!token.text().isEmpty() || token.logprob() != null) {
                    sse.send(rendering.contentChunk(choice, token.text(), token.logprob()));
                }
            }

            @Override
            public void onFinish(int choice, GenerationResult result) {
                announce(choice);
                sse.send(rendering.finishChunk(choice, result));
            }

            private void announce(int choice) {
                if (!announced[choice]) {
                    announced[choice] = true;
                    sse.send(rendering.roleChunk(choice));
                }
            }
        };
    }

    private static String randomId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
