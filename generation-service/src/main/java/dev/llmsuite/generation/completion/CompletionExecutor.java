package dev.llmsuite.generation.completion;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmsuite.generation.scheduling.GenerationSlots;
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
 * Runs a plan under a generation slot and answers in OpenAI's format: one JSON object, or a
 * server-sent event stream of chunks. The slot is taken before answering (so a full server can
 * still say 429) and released when the last token is written or the client has gone.
 */
@ApplicationScoped
public class CompletionExecutor {

    private final GenerationSlots slots;
    private final PlanRunner runner;
    private final UsageRecorder usage;
    private final ObjectMapper json;

    public CompletionExecutor(GenerationSlots slots, PlanRunner runner, UsageRecorder usage, ObjectMapper json) {
        this.slots = slots;
        this.runner = runner;
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
        return execute(plan, tenant, requestId, disconnected, rendering, sse -> chatChunks(rendering, sse));
    }

    /** What both endpoints do alike; only a stream's content chunks are the endpoint's own, written by {@code chunks}. */
    private Response execute(GenerationPlan plan, String tenant, String requestId, BooleanSupplier disconnected, Rendering rendering,
                             Function<SseStream, ChoiceListener> chunks) {
        GenerationSlots.Slot slot = slots.acquire();
        long start = System.nanoTime();
        if (!plan.stream()) {
            try (slot) {
                List<GenerationResult> results = runner.run(plan, ChoiceListener.NONE, disconnected);
                usage.record(tenant, plan, rendering.id(), requestId, results, start);
                return Response.ok(rendering.response(results), MediaType.APPLICATION_JSON_TYPE).build();
            }
        }
        return stream(slot, (sse) -> {
            List<GenerationResult> results = runner.run(plan, chunks.apply(sse), () -> sse.closed() || disconnected.getAsBoolean());
            if (plan.includeUsage()) {
                sse.send(rendering.usageChunk(results));
            }
            sse.done();
            usage.record(tenant, plan, rendering.id(), requestId, results, start);
        });
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
    private static ChoiceListener chatChunks(ChatRendering rendering, SseStream sse) {
        return new ChoiceListener() {
            private int announced = -1;

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
                if (choice > announced) {
                    announced = choice;
                    sse.send(rendering.roleChunk(choice));
                }
            }
        };
    }

    private interface StreamBody {
        void write(SseStream sse);
    }

    private Response stream(GenerationSlots.Slot slot, StreamBody body) {
        StreamingOutput output = out -> {
            try (slot) {
                body.write(new SseStream(out, json));
            }
        };
        return Response.ok(output, "text/event-stream").header("Cache-Control", "no-cache").build();
    }

    private static String randomId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
