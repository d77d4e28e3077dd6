package dev.llmsuite.openai;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure a client can cause into OpenAI's error body with a 4xx status, and anything
 * else into a 500 with a generic message (details go to the log, never to the client).
 */
public class OpenAiExceptionMapper {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(OpenAiExceptionMapper.class);

    @ServerExceptionMapper
    public Response openAi(OpenAiException e) {
        return ErrorResponses.of(e);
    }

    @ServerExceptionMapper
    public Response webApplication(jakarta.ws.rs.WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                return json(json);
            }
        }
        int status = e.getResponse().getStatus();
        return ErrorResponses.of(new OpenAiException(status, status >= 500 ? "server_error" : "invalid_request_error",
                HttpProblems.describe(status, e), null, HttpProblems.code(status)));
    }

    @ServerExceptionMapper
    public Response json(com.fasterxml.jackson.core.JsonProcessingException e) {
        return ErrorResponses.of(OpenAiException.badRequest(JsonProblems.describe(e), JsonProblems.field(e)));
    }

    /** Declared separately because Quarkus ships its own mapper for exactly this type. */
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return ErrorResponses.of(OpenAiException.badRequest(e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unhandled failure", e);
        return ErrorResponses.of(new OpenAiException(500, "server_error",
                "The server failed to process the request; it has been logged.", null, "internal_error"));
    }
}
