package dev.llmsuite.pricing.catalog;

import dev.llmsuite.openai.ErrorResponses;
import dev.llmsuite.openai.OpenAiException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A database outage is the server's problem, not the caller's: 503 in OpenAI's error format, with Retry-After. */
public class DatabaseUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class);

    @ServerExceptionMapper
    public Response unavailable(CatalogUnavailableException e) {
        LOG.warn(e.getMessage());
        return ErrorResponses.of(OpenAiException.serviceUnavailable("The pricing database is unavailable; try again shortly."));
    }
}
