package dev.llmsuite.gateway.routing;

import dev.llmsuite.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The route table of the configuration ({@code llmsuite.gateway.services.<name>.paths}). */
public class RouteTables {

    @Produces
    @ApplicationScoped
    RouteTable fromConfig(GatewayConfig config) {
        Map<String, List<String>> paths = new LinkedHashMap<>();
        config.services().forEach((service, settings) -> paths.put(service, settings.paths()));
        return RouteTable.of(paths);
    }
}
