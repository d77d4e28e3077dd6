package dev.llmsuite.pricing.estimate;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.pricing.catalog.CatalogStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Cost estimates; the tokens are counted by the tokenizer-service with the caller's key. */
@Path("/v1/pricing/estimate")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EstimateResource {

    private final CatalogStore catalog;
    private final TokenizerServiceApi tokenizer;

    EstimateResource(CatalogStore catalog, @RestClient TokenizerServiceApi tokenizer) {
        this.catalog = catalog;
        this.tokenizer = tokenizer;
    }

    @POST
    public Estimate estimate(EstimateRequest request, @HeaderParam("Authorization") String authorization) {
        return estimator(authorization).estimate(required(request));
    }

    @POST
    @Path("/languages")
    public LanguageComparison languages(LanguageRequest request, @HeaderParam("Authorization") String authorization) {
        return estimator(authorization).compareLanguages(required(request));
    }

    private Estimator estimator(String authorization) {
        return new Estimator(new TokenizerServiceCounter(tokenizer, authorization), catalog.models(), catalog.priceBook());
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw OpenAiException.badRequest("A JSON request body is required.", null);
        }
        return body;
    }
}
