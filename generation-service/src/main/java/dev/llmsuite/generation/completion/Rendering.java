package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.api.Usage;
import dev.llmsuite.transformer.generate.GenerationResult;

import java.util.List;

/**
 * Writes one request's OpenAI objects. Both endpoints stamp every object with the same id,
 * creation time and model, and count usage the same way; the choices and chunks are their own.
 */
abstract class Rendering {

    protected final GenerationPlan plan;
    protected final String id;
    protected final long created;

    Rendering(GenerationPlan plan, String id, long created) {
        this.plan = plan;
        this.id = id;
        this.created = created;
    }

    /** The id the request is billed under, the same as its response's. */
    String id() {
        return id;
    }

    /** The whole answer when not streaming. */
    abstract Object response(List<GenerationResult> results);

    /** A stream's last chunk, without choices, when the client asked for usage. */
    abstract Object usageChunk(List<GenerationResult> results);

    protected Usage usage(List<GenerationResult> results) {
        long completionTokens = results.stream().mapToLong(GenerationResult::completionTokens).sum();
        return Usage.of(plan.promptTokens(), completionTokens);
    }
}
