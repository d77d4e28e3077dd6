package dev.llmsuite.tenancy;

import dev.llmsuite.openai.ErrorResponses;
import dev.llmsuite.openai.OpenAiException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Every {@code /v1/*} request must carry {@code Authorization: Bearer <key>} of a known tenant;
 * health, metrics and OpenAPI under {@code /q} stay open for the platform.
 */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";

    private final KeyTable keyTable;
    private final CurrentTenant currentTenant;

    ApiKeyFilter(KeyTable keyTable, CurrentTenant currentTenant) {
        this.keyTable = keyTable;
        this.currentTenant = currentTenant;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<jakarta.ws.rs.core.Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            return Optional.empty();
        }
        if (!keyTable.enabled()) {
            currentTenant.authenticate("anonymous", false);
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return reject("You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.");
        }
        String key = header.substring(BEARER.length()).strip();
        Optional<String> tenant = keyTable.tenantOf(key);
        if (tenant.isEmpty()) {
            return reject("Incorrect API key provided. Keys are configured with llmsuite.auth.keys or llmsuite.auth.keys-file.");
        }
        currentTenant.authenticate(tenant.get(), keyTable.isAdmin(tenant.get()));
        return Optional.empty();
    }

    private static Optional<jakarta.ws.rs.core.Response> reject(String message) {
        return Optional.of(ErrorResponses.of(OpenAiException.unauthorized(message)));
    }
}
