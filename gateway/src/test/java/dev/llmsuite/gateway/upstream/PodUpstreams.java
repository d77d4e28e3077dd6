package dev.llmsuite.gateway.upstream;

import dev.llmsuite.gateway.EchoServer;
import dev.llmsuite.infra.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Generation served as on Kubernetes: a host name ({@value #HOST}) that stands for several pods, here
 * the loopback addresses 127.0.0.1 and 127.0.0.2 in a hosts file the test can rewrite, each with a real
 * HTTP server on the same port; plus a second URL in the list whose port nobody listens on (yet).
 * Resolution runs every second, so that the test sees pods come and go within its patience.
 */
public class PodUpstreams implements QuarkusTestResourceLifecycleManager {

    public static final String HOST = "generation.pods.test";

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port = FreePorts.pick();
        int dead = FreePorts.pick();
        Path hosts;
        try {
            hosts = Files.createTempFile("gateway-hosts", "");
            Files.writeString(hosts, "127.0.0.1 " + HOST + "\n127.0.0.2 " + HOST + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EchoServer.start(vertx, "generation", "127.0.0.1", port, null);
        EchoServer.start(vertx, "generation", "127.0.0.2", port, null);
        Map<String, String> config = new HashMap<>();
        config.put("llmsuite.gateway.services.generation.urls", "http://" + HOST + ":" + port + ",http://127.0.0.1:" + dead);
        for (String other : new String[] {"tokenizer", "embedding", "pricing"}) {
            config.put("llmsuite.gateway.services." + other + ".urls",
                    "http://127.0.0.1:" + EchoServer.start(vertx, other, "127.0.0.1", 0, null).port());
        }
        config.put("llmsuite.gateway.hosts-file", hosts.toString());
        config.put("llmsuite.gateway.resolve-interval", "1s");
        config.put("llmsuite.gateway.ejection-time", "1s");
        config.put("test.pods.port", Integer.toString(port));
        config.put("test.pods.dead-port", Integer.toString(dead));
        return config;
    }

    @Override
    public void stop() {
        vertx.close();
    }
}
