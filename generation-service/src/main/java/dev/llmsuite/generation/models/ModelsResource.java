package dev.llmsuite.generation.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmsuite.openai.ModelList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** OpenAI's {@code GET /v1/models}: the models this service can generate with. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy,
                        @JsonProperty("context_length") int contextLength) {
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
    @Path("/{model}")
    public Model get(@PathParam("model") String model) {
        return describe(registry.require(model));
    }

    private static Model describe(ServedModel served) {
        return new Model(served.name(), "model", served.loadedAt().getEpochSecond(), "llmsuite", served.contextLength());
    }
}
