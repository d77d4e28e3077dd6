package dev.llmsuite.openai;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds the HTTP response for an {@link OpenAiException}; shared by every mapper so they all answer alike. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response of(OpenAiException e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(e.body());
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }
}
