package dev.llmsuite.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every path and method each service documents in its own OpenAPI document (as generated from its
 * resources when it is packaged) is sent through the gateway, and must arrive at that service, with its
 * method and path intact; the model paths, which several services document, are answered from the
 * service that has the model. A service that adds an endpoint the route table does not cover fails here.
 */
@QuarkusTest
@WithTestResource(EchoUpstreams.class)
class RouteWalkTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    @Test
    void everyDocumentedPathReachesItsService() {
        List<String> walked = new ArrayList<>();
        for (String service : ServiceArtifacts.SERVICES) {
            JsonObject paths = ServiceArtifacts.of(service).toJsonObject().getJsonObject("paths");
            for (Map.Entry<String, Object> path : paths) {
                for (String method : ((JsonObject) path.getValue()).fieldNames()) {
                    if (METHODS.contains(method)) {
                        walk(service, method.toUpperCase(java.util.Locale.ROOT), path.getKey());
                        walked.add(method + " " + path.getKey());
                    }
                }
            }
        }
        // The documents list what the README documents; a few of those, so that an empty walk cannot pass.
        assertTrue(walked.containsAll(List.of("put /v1/budgets/{tenant}", "post /v1/chat/completions", "post /v1/tokens/count",
                "get /v1/usage", "post /v1/embeddings")), "walked: " + walked);
        assertTrue(walked.stream().anyMatch(w -> w.startsWith("get /v1/models/{")), "walked: " + walked);
    }

    private static void walk(String service, String method, String template) {
        boolean model = template.startsWith("/v1/models");
        String path = template.replaceAll("\\{[^}]*}", model ? service + "-model" : "sample-1");
        Response response = given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                .body(method.equals("GET") || method.equals("DELETE") ? "" : "{\"walk\":true}")
                .request(method, path);
        String where = method + " " + path + " (documented by " + service + ")";
        assertEquals(200, response.statusCode(), where + ": " + response.asString());
        if (path.equals("/v1/models")) {
            List<String> ids = response.jsonPath().getList("data.id");
            assertTrue(ids.contains(service + "-model"), where + ": " + ids);
        } else if (model) {
            assertEquals(service, response.jsonPath().getString("owned_by"), where);
        } else {
            assertEquals(service, response.jsonPath().getString("service"), where);
            assertEquals(method, response.jsonPath().getString("method"), where);
            assertEquals(path, response.jsonPath().getString("path"), where);
            assertEquals("Bearer sk-test-tenant", response.jsonPath().getString("authorization"), where);
        }
    }
}
