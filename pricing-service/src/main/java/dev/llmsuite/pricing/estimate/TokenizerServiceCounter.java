package dev.llmsuite.pricing.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmsuite.openai.OpenAiException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;

/**
 * Counts through the tokenizer-service with the caller's own bearer key, so the count is done on the
 * caller's behalf. An unreachable or failing tokenizer-service becomes a 503; a text it refuses becomes a 400
 * carrying its message.
 */
public final class TokenizerServiceCounter implements TokenCounter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenizerServiceApi api;
    private final String authorization;

    public TokenizerServiceCounter(TokenizerServiceApi api, String authorization) {
        this.api = api;
        this.authorization = authorization;
    }

    @Override
    public long[] count(String encoding, List<String> texts) {
        TokenizerServiceApi.CountReply reply;
        try {
            reply = api.count(authorization, new TokenizerServiceApi.CountCall(texts, encoding));
        } catch (WebApplicationException e) {
            throw translate(e.getResponse(), encoding);
        } catch (ProcessingException e) {
            throw OpenAiException.serviceUnavailable("The tokenizer-service cannot be reached to count tokens: "
                    + rootMessage(e) + ". Try again, or give 'input_tokens' instead of text.");
        }
        if (reply == null || reply.data() == null || reply.data().size() != 1 || reply.data().getFirst().counts() == null
                || reply.data().getFirst().counts().length != texts.size()) {
            throw OpenAiException.serviceUnavailable("The tokenizer-service answered without one count per text.");
        }
        return reply.data().getFirst().counts();
    }

    private static OpenAiException translate(Response response, String encoding) {
        int status = response.getStatus();
        String message = errorMessage(response);
        if (status == 413) {
            return OpenAiException.payloadTooLarge("The text is too large to count: " + message);
        }
        if (status >= 400 && status < 500 && status != 401 && status != 403) {
            return OpenAiException.badRequest("The tokenizer-service refused to count in '" + encoding + "': " + message, "text");
        }
        return OpenAiException.serviceUnavailable("The tokenizer-service failed to count (HTTP " + status + "): " + message);
    }

    private static String errorMessage(Response response) {
        try {
            JsonNode body = JSON.readTree(response.readEntity(String.class));
            return body.path("error").path("message").asText("no message");
        } catch (RuntimeException | IOException e) {
            return "no readable error body";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}
