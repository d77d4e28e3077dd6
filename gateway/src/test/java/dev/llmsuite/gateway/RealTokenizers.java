package dev.llmsuite.gateway;

import dev.llmsuite.infra.FreePorts;
import dev.llmsuite.servicetesting.ServiceProcess;
import dev.llmsuite.tenancy.ApiKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two real tokenizer-service processes (the packaged jar) as the tokenizer's upstreams, with the key
 * {@link ServiceProcess#API_KEY} in both their key table and the gateway's; the other services are down.
 */
public class RealTokenizers implements QuarkusTestResourceLifecycleManager {

    private final List<ServiceProcess> processes = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        List<String> urls = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                ServiceProcess process = ServiceProcess.start(ServiceArtifacts.runJar("tokenizer"), List.of(),
                        Files.createTempFile("gateway-test-tokenizer-" + i + "-", ".log"));
                processes.add(process);
                urls.add(process.baseUrl());
            }
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("tokenizer-service did not start", e);
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("llmsuite.gateway.services.tokenizer.urls", String.join(",", urls));
        for (String down : new String[] {"embedding", "generation", "pricing"}) {
            config.put("llmsuite.gateway.services." + down + ".urls", "http://127.0.0.1:" + FreePorts.pick());
        }
        config.put("llmsuite.auth.keys", "bench:" + ApiKeys.sha256(ServiceProcess.API_KEY));
        config.put("test.tokenizers", String.join(",", urls));
        return config;
    }


    @Override
    public void stop() {
        processes.forEach(ServiceProcess::close);
    }
}
