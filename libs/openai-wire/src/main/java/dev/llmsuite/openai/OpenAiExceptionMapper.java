package dev.llmsuite.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure a client can cause into OpenAI's error body with a 4xx status, and anything
 * else into a 500 with a generic message (details go to the log, never to the client).
 */
public class OpenAiExceptionMapper {

    private static final Logger LOG = Logger.getLogger(OpenAiExceptionMapper.class);
    private static final Pattern LIBRARY_WORDING = Pattern.compile("java\\.|javax\\.|jakarta\\.|Exception|\\$|`");

    @ServerExceptionMapper
    public Response openAi(OpenAiException e) {
        return ErrorResponses.of(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json(json);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return ErrorResponses.of(new OpenAiException(status, "invalid_request_error",
                HttpProblems.describe(status, e), null, HttpProblems.code(status)));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return ErrorResponses.of(JsonProblems.explain(e));
    }

    /** Declared separately because Quarkus ships its own mapper for exactly this type. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    /**
     * Also Quarkus's own: while reading a request, a type that cannot be built from the JSON given
     * (a string where an array belongs) is the client's mistake; without a field it is ours.
     */
    @ServerExceptionMapper
    public Response invalidDefinition(InvalidDefinitionException e) {
        return e.getPath().isEmpty() ? unexpected(e) : json(e);
    }

    /**
     * Domain code refuses values with IllegalArgumentException and a message written for the client;
     * one thrown by a library names its own classes instead, and only the log gets that.
     */
    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        String message = e.getMessage();
        if (message == null || LIBRARY_WORDING.matcher(message).find()) {
            LOG.warn("Refused a request; the library's message stays in the log", e);
            message = "A value in the request is outside what this server can process.";
        }
        return ErrorResponses.of(OpenAiException.badRequest(message, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unhandled failure", e);
        return ErrorResponses.of(new OpenAiException(500, "server_error",
                "The server failed to process the request; it has been logged.", null, "internal_error"));
    }
}
