package dev.llmsuite.generation.explain;

import dev.llmsuite.generation.models.GenerationConfig;
import dev.llmsuite.generation.models.ModelRegistry;
import dev.llmsuite.generation.models.ServedModel;
import dev.llmsuite.openai.OpenAiException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /v1/explain/attention}: what a model attends to, for the lesson explorer. A forward pass is CPU work: worker threads. */
@Path("/v1/explain")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "explain", description = "Looking inside the model")
@Blocking
public class ExplainResource {

    private final ModelRegistry registry;
    private final AttentionMaps maps;

    public ExplainResource(ModelRegistry registry, GenerationConfig config) {
        this.registry = registry;
        this.maps = new AttentionMaps(config.explain().maxPromptTokens(), config.explain().maxCells());
    }

    @POST
    @Path("/attention")
    @Operation(summary = "Attention weights of a prompt, per layer and head",
            description = "Runs the prompt through the same forward pass that generates and returns, for one layer, one head or "
                    + "all of them, the softmax probabilities each token (query) gives every earlier token (key), plus what the "
                    + "KV-cache holds: bytes per token x tokens. Bounded by llmsuite.generation.explain.max-prompt-tokens and "
                    + "max-cells; beyond them, 400 with code explain_limit_exceeded.")
    @APIResponse(responseCode = "200", description = "The attention maps",
            content = @Content(schema = @Schema(implementation = AttentionExplanation.class)))
    @APIResponse(responseCode = "400", description = "Missing prompt, layer or head out of range, or over a size limit (OpenAI's error format)")
    @APIResponse(responseCode = "404", description = "No such model")
    public AttentionExplanation attention(AttentionRequest request) {
        if (request == null) {
            throw OpenAiException.badRequest("The request body must be a JSON object.", null);
        }
        if (request.model() == null) {
            throw OpenAiException.badRequest("'model' is required.", "model");
        }
        ServedModel served = registry.require(request.model());
        return maps.explain(served.name(), served.model(), request.prompt(), request.layer(), request.head());
    }
}
