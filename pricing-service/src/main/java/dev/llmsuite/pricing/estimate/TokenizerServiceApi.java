package dev.llmsuite.pricing.estimate;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The tokenizer-service's {@code POST /v1/tokens/count}, as the pricing-service calls it (base URL: {@code llmsuite.tokenizer.url}). */
@RegisterRestClient(configKey = "tokenizer-service")
@Path("/v1/tokens")
public interface TokenizerServiceApi {

    @POST
    @Path("/count")
    CountReply count(@HeaderParam("Authorization") String authorization, CountCall body);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CountCall(List<String> texts, String encoding) {
    }

    record CountReply(List<EncodingCount> data) {
    }

    record EncodingCount(String encoding, long[] counts, long total) {
    }
}
