package dev.llmsuite.gateway.proxy;

import dev.llmsuite.infra.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** With every service down, the gateway says so: never an empty model list or an empty document. */
@QuarkusTest
@WithTestResource(ServicesDownTest.AllDown.class)
class ServicesDownTest {

    public static class AllDown implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>();
            for (String service : new String[] {"tokenizer", "embedding", "generation", "pricing"}) {
                config.put("llmsuite.gateway.services." + service + ".urls", "http://127.0.0.1:" + FreePorts.pick());
            }
            return config;
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void theModelListIs502NamingEachService() {
        given().header("Authorization", "Bearer sk-test-tenant").get("/v1/models").then().statusCode(502)
                .body("error.code", equalTo("upstream_unavailable"))
                .body("error.message", allOf(containsString("generation ("), containsString("embedding (")));
    }

    @Test
    void theOpenApiDocumentIs502() {
        given().get("/q/openapi").then().statusCode(502).body("error.code", equalTo("upstream_unavailable"));
    }
}
