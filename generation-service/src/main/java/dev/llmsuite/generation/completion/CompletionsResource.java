package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.api.ChatCompletionRequest;
import dev.llmsuite.generation.api.CompletionRequest;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.openai.http.RequestIds;
import dev.llmsuite.tenancy.CurrentTenant;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * OpenAI's {@code POST /v1/completions} and {@code POST /v1/chat/completions}. Generation is CPU
 * work, so these run on worker threads; a client that disconnects is noticed before every token.
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, "text/event-stream"})
@Blocking
public class CompletionsResource {

    private final RequestPlanner planner;
    private final CompletionExecutor executor;
    private final CurrentTenant tenant;

    public CompletionsResource(RequestPlanner planner, CompletionExecutor executor, CurrentTenant tenant) {
        this.planner = planner;
        this.executor = executor;
        this.tenant = tenant;
    }

    @POST
    @Path("/completions")
    public Response completions(CompletionRequest request, @Context HttpServerRequest http) {
        return executor.completion(planner.plan(required(request)), tenant.id(), RequestIds.of(http), () -> http.response().closed());
    }

    @POST
    @Path("/chat/completions")
    public Response chatCompletions(ChatCompletionRequest request, @Context HttpServerRequest http) {
        return executor.chat(planner.plan(required(request)), tenant.id(), RequestIds.of(http), () -> http.response().closed());
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw OpenAiException.badRequest("The request body must be a JSON object.", null);
        }
        return body;
    }
}
