package dev.llmsuite.generation.explain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /v1/explain/attention}: a prompt for one of the served models, and which of its
 * attention maps to return (one layer, one head, both, or, without either, all of them).
 */
@Schema(description = "A prompt whose attention weights to explain")
public record AttentionRequest(
        @Schema(description = "A served model, as in /v1/models", required = true, examples = "stories260K") String model,
        @Schema(description = "The text; the model's BOS token is put before it when the model expects one", required = true,
                examples = "Once upon a time") String prompt,
        @Schema(description = "Only this layer (0-based); all layers when absent") Integer layer,
        @Schema(description = "Only this query head (0-based); all heads when absent") Integer head) {
}
