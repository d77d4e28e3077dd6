package dev.llmsuite.tenancy;

import dev.llmsuite.openai.OpenAiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** A minimal /v1 endpoint for exercising authentication and the error mappers. */
@Path("/v1/whoami")
public class WhoAmIResource {

    private final CurrentTenant tenant;

    WhoAmIResource(CurrentTenant tenant) {
        this.tenant = tenant;
    }

    @GET
    public Map<String, Object> whoAmI() {
        return Map.of("tenant", tenant.id(), "admin", tenant.isAdmin());
    }

    public record Order(String model, int count) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> order(Order order) {
        if (order.count() < 1) {
            throw OpenAiException.badRequest("count must be at least 1, got " + order.count(), "count");
        }
        return Map.of("model", order.model(), "count", order.count());
    }
}
