package dev.llmsuite.gateway.proxy;

import dev.llmsuite.gateway.EchoServer;
import dev.llmsuite.infra.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/**
 * Services that fail the gateway: embedding and pricing refuse connections (nobody listens on their
 * ports), generation answers but can be asked to stay silent; the upstream timeout is 2 s, so that a
 * silent service is given up on quickly.
 */
public class FailingUpstreams implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String service : new String[] {"generation", "tokenizer"}) {
            config.put("llmsuite.gateway.services." + service + ".urls",
                    "http://127.0.0.1:" + EchoServer.start(vertx, service, "127.0.0.1", 0, null).port());
        }
        for (String service : new String[] {"embedding", "pricing"}) {
            config.put("llmsuite.gateway.services." + service + ".urls", "http://127.0.0.1:" + FreePorts.pick());
        }
        config.put("llmsuite.gateway.upstream-timeout", "2s");
        return config;
    }

    @Override
    public void stop() {
        vertx.close();
    }
}
