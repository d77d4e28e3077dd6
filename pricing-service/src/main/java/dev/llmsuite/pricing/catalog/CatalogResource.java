package dev.llmsuite.pricing.catalog;

import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.pricing.ledger.Repricer;
import dev.llmsuite.tenancy.CurrentTenant;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** The price catalog: anyone may read it; only an admin key adds models and price versions. */
@Path("/v1/pricing/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private static final Logger LOG = Logger.getLogger(CatalogResource.class);

    private final CatalogStore catalog;
    private final DataSource dataSource;
    private final CurrentTenant tenant;

    CatalogResource(CatalogStore catalog, DataSource dataSource, CurrentTenant tenant) {
        this.catalog = catalog;
        this.dataSource = dataSource;
        this.tenant = tenant;
    }

    @GET
    public Map<String, Object> list() {
        PriceBook book = catalog.priceBook();
        List<ModelView> models = catalog.models().stream().map(m -> ModelView.of(m, book)).toList();
        return Map.of("object", "list", "data", models);
    }

    @GET
    @Path("/{id}")
    public ModelView get(@PathParam("id") String id) {
        return ModelView.of(existing(id), catalog.priceBook());
    }

    @POST
    public Response add(ModelRequest request) {
        tenant.requireAdmin();
        Model model = NewModel.from(request);
        PriceVersion price = PriceChanges.validate(model.id(), request.price(), List.of(), Instant.now(), "price.");
        if (catalog.model(model.id()).isPresent()) {
            throw new OpenAiException(409, "invalid_request_error", "Model '" + model.id()
                    + "' is already in the catalog; add a price version to it instead.", "id", "model_exists");
        }
        catalog.addModel(model);
        catalog.addPriceVersion(price, tenant.id());
        repriceWaitingUsage();
        return Response.status(201).entity(ModelView.of(model, catalog.priceBook())).build();
    }

    @POST
    @Path("/{id}/prices")
    public Response addPrice(@PathParam("id") String id, PriceVersionRequest request) {
        tenant.requireAdmin();
        Model model = existing(id);
        PriceVersion version = PriceChanges.validate(model.id(), request, catalog.priceBook().history(model.id()), Instant.now());
        PriceVersion stored = catalog.addPriceVersion(version, tenant.id());
        repriceWaitingUsage();
        return Response.status(201).entity(PriceView.of(stored)).build();
    }

    /** Usage that arrived before its model had a price is billed as soon as one exists. */
    private void repriceWaitingUsage() {
        try {
            int priced = Repricer.reprice(dataSource, catalog.priceBook());
            LOG.infof("catalog changed: %d waiting ledger rows priced", priced);
        } catch (SQLException e) {
            LOG.warnf("catalog changed; repricing deferred to the ledger's next pass: %s", e.getMessage());
        }
    }

    private Model existing(String id) {
        return catalog.model(id).orElseThrow(() -> OpenAiException.modelNotFound(
                "Unknown model '" + id + "'; GET /v1/pricing/models lists the catalog.", "id"));
    }
}
