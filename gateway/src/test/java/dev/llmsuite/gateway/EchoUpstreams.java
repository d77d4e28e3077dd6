package dev.llmsuite.gateway;

import dev.llmsuite.infra.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/**
 * One {@link EchoServer} where each service stands, serving that service's real OpenAPI document, and a
 * service "down" whose port nobody listens on.
 */
public class EchoUpstreams implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String service : ServiceArtifacts.SERVICES) {
            EchoServer echo = EchoServer.start(vertx, service, "127.0.0.1", 0, ServiceArtifacts.of(service));
            config.put("llmsuite.gateway.services." + service + ".urls", "http://127.0.0.1:" + echo.port());
        }
        config.put("llmsuite.gateway.services.down.urls", "http://127.0.0.1:" + FreePorts.pick());
        config.put("llmsuite.gateway.services.down.paths", "/v1/down");
        return config;
    }

    @Override
    public void stop() {
        vertx.close();
    }
}
