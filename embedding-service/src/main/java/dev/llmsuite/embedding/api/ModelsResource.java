package dev.llmsuite.embedding.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmsuite.embedding.serving.ModelRegistry;
import dev.llmsuite.embedding.serving.ServedModel;
import dev.llmsuite.openai.ModelList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/models}: the embedding models this service serves, in OpenAI's list format. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /** OpenAI's model object, plus what a client needs to size its vector store. */
    public record Model(@JsonProperty("id") String id, @JsonProperty("object") String object,
                        @JsonProperty("created") long created, @JsonProperty("owned_by") String ownedBy,
                        @JsonProperty("dimensions") int dimensions, @JsonProperty("max_input_tokens") int maxInputTokens) {
    }

    private final ModelRegistry registry;

    public ModelsResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    public ModelList<Model> list() {
        return ModelList.of(registry.all().stream().map(ModelsResource::describe).toList());
    }

    @GET
    @Path("/{id}")
    public Model get(@PathParam("id") String id) {
        return describe(registry.require(id));
    }

    private static Model describe(ServedModel served) {
        return new Model(served.name(), "model", served.createdEpochSeconds(), "llmsuite",
                served.model().dimensions(), served.model().maxTokens());
    }
}
