package dev.llmsuite.pricing.budgets;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.pricing.money.MicroUsd;
import dev.llmsuite.tenancy.CurrentTenant;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Monthly budgets: the admin key sets them; each tenant reads its own status. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BudgetResource {

    public record BudgetRequest(@JsonProperty("monthly_limit_usd") BigDecimal monthlyLimitUsd) {
    }

    /** A billion dollars a month; the limit is stored as micro-dollars in a bigint. */
    private static final BigDecimal MAX_MONTHLY_LIMIT_USD = BigDecimal.valueOf(1_000_000_000);

    /** The names the launcher gives tenants; the name is a stored, indexed key. */
    private static final Pattern TENANT_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final BudgetStore budgets;
    private final CurrentTenant caller;

    BudgetResource(DataSource dataSource, CurrentTenant caller) {
        this.budgets = new BudgetStore(dataSource);
        this.caller = caller;
    }

    @PUT
    @Path("/budgets/{tenant}")
    public BudgetStatus set(@PathParam("tenant") String tenant, BudgetRequest request) {
        caller.requireAdmin();
        if (!TENANT_NAME.matcher(tenant).matches()) {
            throw OpenAiException.badRequest("A tenant name is 1 to 128 letters, digits, '.', '_' or '-'.", "tenant");
        }
        if (request == null || request.monthlyLimitUsd() == null) {
            throw OpenAiException.badRequest("'monthly_limit_usd' is required.", "monthly_limit_usd");
        }
        if (request.monthlyLimitUsd().compareTo(MAX_MONTHLY_LIMIT_USD) > 0) {
            throw OpenAiException.badRequest("'monthly_limit_usd' must be at most " + MAX_MONTHLY_LIMIT_USD.toPlainString() + ".",
                    "monthly_limit_usd");
        }
        long limit;
        try {
            limit = MicroUsd.parseUsd(request.monthlyLimitUsd());
        } catch (IllegalArgumentException e) {
            throw OpenAiException.badRequest("'monthly_limit_usd' " + e.getMessage() + ".", "monthly_limit_usd");
        }
        if (limit == 0) {
            throw OpenAiException.badRequest("'monthly_limit_usd' must be positive.", "monthly_limit_usd");
        }
        budgets.set(tenant, limit);
        return status(tenant);
    }

    @GET
    @Path("/budget")
    public BudgetStatus get(@QueryParam("tenant") String tenant) {
        String own = caller.id();
        if (tenant != null && !tenant.equals(own) && !caller.isAdmin()) {
            throw OpenAiException.forbidden("A tenant key can only read its own budget.");
        }
        return status(tenant == null ? own : tenant);
    }

    private BudgetStatus status(String tenant) {
        return budgets.status(tenant, Instant.now()).orElseThrow(() -> OpenAiException.notFound(
                "Tenant '" + tenant + "' has no monthly budget; an admin sets one with PUT /v1/budgets/{tenant}.", "tenant"));
    }
}
