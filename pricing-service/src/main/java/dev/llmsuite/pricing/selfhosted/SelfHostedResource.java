package dev.llmsuite.pricing.selfhosted;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.pricing.PricingConfig;
import dev.llmsuite.pricing.catalog.CatalogStore;
import dev.llmsuite.pricing.catalog.Model;
import dev.llmsuite.pricing.catalog.PriceBook;
import dev.llmsuite.pricing.catalog.PriceChanges;
import dev.llmsuite.pricing.catalog.PriceVersion;
import dev.llmsuite.pricing.catalog.PriceVersionRequest;
import dev.llmsuite.tenancy.CurrentTenant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** "Our box" against the API providers: a price per 1M tokens from hardware cost and measured throughput. */
@Path("/v1/pricing/self-hosted")
@Produces(MediaType.APPLICATION_JSON)
public class SelfHostedResource {

    public record Comparison(
            @JsonProperty("model") String model,
            @JsonProperty("self_hosted") boolean selfHosted,
            @JsonProperty("input_per_million_usd") BigDecimal inputPerMillionUsd,
            @JsonProperty("output_per_million_usd") BigDecimal outputPerMillionUsd) {
    }

    public record Report(
            @JsonProperty("object") String object,
            @JsonProperty("hardware_cost_per_hour_usd") BigDecimal hardwareCostPerHourUsd,
            @JsonProperty("throughput") Throughput throughput,
            @JsonProperty("price_per_million_usd") BigDecimal pricePerMillionUsd,
            @JsonProperty("formula") String formula,
            @JsonProperty("catalog") List<Comparison> catalog) {
    }

    private final PricingConfig.SelfHosted config;
    private final CatalogStore catalog;
    private final CurrentTenant caller;

    SelfHostedResource(PricingConfig config, CatalogStore catalog, CurrentTenant caller) {
        this.config = config.selfHosted();
        this.catalog = catalog;
        this.caller = caller;
    }

    @GET
    public Report report() {
        Throughput throughput = Throughput.measure(config.metricsUrl(), config.throughputMetric(), config.metricsTimeout(),
                config.fallbackTokensPerSecond());
        PriceBook book = catalog.priceBook();
        List<Comparison> rows = catalog.models().stream()
                .flatMap(m -> book.current(m.id()).stream().map(p -> new Comparison(m.id(), m.selfHosted(), p.input().usd(), p.output().usd())))
                .toList();
        return new Report("pricing.self_hosted", config.hardwareCostPerHour(), throughput,
                SelfHostedPrice.perMillionTokens(config.hardwareCostPerHour(), throughput.tokensPerSecond()),
                "hardware_cost_per_hour / (tokens_per_second * 3600) * 1,000,000", rows);
    }

    /** Admin: makes the derived price the model's price from now on (input and output alike: the box costs the same per token). */
    @POST
    @Path("/{model}/apply")
    public Response apply(@PathParam("model") String modelId) {
        caller.requireAdmin();
        Model model = catalog.model(modelId).orElseThrow(() -> OpenAiException.modelNotFound("Unknown model '" + modelId + "'.", "model"));
        if (!model.selfHosted()) {
            throw OpenAiException.badRequest("Model '" + model.id() + "' is not self-hosted; its price comes from its provider.", "model");
        }
        BigDecimal price = report().pricePerMillionUsd();
        PriceVersion version = PriceChanges.validate(model.id(), new PriceVersionRequest(price, price, null, null),
                catalog.priceBook().history(model.id()), Instant.now());
        catalog.addPriceVersion(version, caller.id());
        return Response.status(201).entity(new Comparison(model.id(), true, price, price)).build();
    }
}
