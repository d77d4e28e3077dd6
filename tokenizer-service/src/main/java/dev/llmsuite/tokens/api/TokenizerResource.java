package dev.llmsuite.tokens.api;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.tokens.TokenService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The HTTP face of {@link TokenService}; every route needs a tenant's bearer key. */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TokenizerResource {

    private final TokenService tokens;

    TokenizerResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Path("/tokenize")
    @Operation(summary = "Text to token ids, optionally with each token's text and byte offsets")
    public TokenizeResponse tokenize(TokenizeRequest request) {
        return tokens.tokenize(required(request));
    }

    @POST
    @Path("/detokenize")
    @Operation(summary = "Token ids back to text (and to base64 bytes when they are not valid UTF-8)")
    public DetokenizeResponse detokenize(DetokenizeRequest request) {
        return tokens.detokenize(required(request));
    }

    @POST
    @Path("/tokens/count")
    @Operation(summary = "Count tokens of a batch of texts, in one or several encodings")
    public CountResponse count(CountRequest request) {
        return tokens.count(required(request));
    }

    @GET
    @Path("/encodings")
    @Operation(summary = "The vocabularies served: size, special tokens, models using each")
    public EncodingsResponse encodings() {
        return tokens.encodings();
    }

    private static <T> T required(T request) {
        if (request == null) {
            throw OpenAiException.badRequest("The request body is empty; send a JSON object.", null);
        }
        return request;
    }
}
