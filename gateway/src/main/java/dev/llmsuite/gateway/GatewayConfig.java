package dev.llmsuite.gateway;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code llmsuite.gateway.*}: the services behind the gateway and the /v1 prefixes each owns. */
@ConfigMapping(prefix = "llmsuite.gateway")
public interface GatewayConfig {

    /** By service name: its base URL and the path prefixes routed to it. */
    Map<String, Upstream> services();

    /** Services whose {@code GET /v1/models} lists are merged into the gateway's one list. */
    List<String> modelsFrom();

    /** How long to wait for a connection to a service before answering 502. */
    Duration connectTimeout();

    interface Upstream {
        String url();

        List<String> paths();
    }
}
