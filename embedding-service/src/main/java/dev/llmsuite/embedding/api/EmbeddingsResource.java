package dev.llmsuite.embedding.api;

import dev.llmsuite.embedding.serving.EmbeddingConfig;
import dev.llmsuite.embedding.serving.Embedder;
import dev.llmsuite.embedding.serving.ModelRegistry;
import dev.llmsuite.openai.OpenAiException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/embeddings}, OpenAI's schema. Tokenization runs on a worker thread (a request
 * may carry 2048 long inputs, too much work for the event loop), inference in the batcher.
 */
@Path("/v1/embeddings")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EmbeddingsResource {

    private final Embedder embedder;
    private final ModelRegistry registry;
    private final EmbeddingConfig config;

    public EmbeddingsResource(Embedder embedder, ModelRegistry registry, EmbeddingConfig config) {
        this.embedder = embedder;
        this.registry = registry;
        this.config = config;
    }

    @POST
    @Blocking
    public Uni<EmbeddingsResponse> create(EmbeddingsRequest request) {
        if (request == null) {
            throw OpenAiException.badRequest("The request body must be a JSON object with 'input' and 'model'.", null);
        }
        if (request.model() == null || request.model().isBlank()) {
            throw OpenAiException.badRequest("You must provide a model parameter.", "model");
        }
        boolean base64 = VectorFormat.base64(request.encodingFormat());
        List<EmbeddingInput> inputs = InputParser.parse(request.input(), config.maxInputs());
        int dimensions = VectorFormat.dimensions(registry.require(request.model()).model(), request.dimensions());
        return embedder.embed(request.model(), inputs, Boolean.TRUE.equals(request.truncate()), InputParser.fields(request.input())).map(embedded -> {
            List<EmbeddingsResponse.Item> items = new ArrayList<>(embedded.vectors().size());
            for (int i = 0; i < embedded.vectors().size(); i++) {
                items.add(new EmbeddingsResponse.Item("embedding", i, VectorFormat.encode(embedded.vectors().get(i), dimensions, base64)));
            }
            return new EmbeddingsResponse("list", items, embedded.model(),
                    new EmbeddingsResponse.Usage(embedded.tokens(), embedded.tokens()));
        });
    }
}
