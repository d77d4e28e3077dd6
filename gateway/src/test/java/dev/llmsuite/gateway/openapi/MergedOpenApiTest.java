package dev.llmsuite.gateway.openapi;

import dev.llmsuite.gateway.EchoUpstreams;
import dev.llmsuite.gateway.ServiceArtifacts;
import dev.llmsuite.gateway.routing.RouteTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's /q/openapi over the services' real documents, and Swagger UI showing it. */
@QuarkusTest
@WithTestResource(EchoUpstreams.class)
class MergedOpenApiTest {

    @Inject
    RouteTable routes;

    @Test
    void theMergedDocumentHasEveryRoutedPathOfEveryServiceAndNothingElse() {
        JsonObject merged = new JsonObject(given().get("/q/openapi").then().statusCode(200)
                .header("Content-Type", containsString("application/json")).extract().asString());
        Set<String> expected = new HashSet<>();
        Set<String> modelTemplates = new HashSet<>();
        for (String service : ServiceArtifacts.SERVICES) {
            for (String path : ServiceArtifacts.of(service).toJsonObject().getJsonObject("paths").fieldNames()) {
                if (path.startsWith("/v1/models")) {
                    modelTemplates.add(OpenApiMerge.template(path));
                } else if (routes.ownerOf(path).filter(service::equals).isPresent()) {
                    expected.add(path);
                }
            }
        }
        Set<String> paths = new HashSet<>(merged.getJsonObject("paths").fieldNames());
        Set<String> mergedModelTemplates = new HashSet<>();
        paths.removeIf(path -> path.startsWith("/v1/models") && mergedModelTemplates.add(OpenApiMerge.template(path)));
        assertEquals(expected, paths);
        assertEquals(modelTemplates, mergedModelTemplates, "each model path once");
        assertTrue(paths.contains("/v1/budgets/{tenant}") && paths.contains("/v1/chat/completions") && paths.contains("/v1/tokenize"),
                "paths: " + paths);
        assertEquals("LLM serving suite", merged.getJsonObject("info").getString("title"));
    }

    @Test
    void everyReferenceInTheMergedDocumentResolves() {
        JsonObject merged = new JsonObject(given().get("/q/openapi").then().statusCode(200).extract().asString());
        List<String> refs = new ArrayList<>();
        collectRefs(merged, refs);
        assertTrue(refs.size() > 10, "the services' documents reference their schemas: " + refs.size());
        for (String ref : refs) {
            String[] parts = ref.substring(2).split("/");
            JsonObject section = merged.getJsonObject(parts[0]).getJsonObject(parts[1]);
            assertTrue(section != null && section.containsKey(parts[2]), "unresolved " + ref);
        }
    }

    @Test
    void swaggerUiShowsTheMergedDocument() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("/q/openapi"));
    }

    private static void collectRefs(Object value, List<String> refs) {
        if (value instanceof JsonObject object) {
            object.forEach(entry -> {
                if (entry.getKey().equals("$ref") && entry.getValue() instanceof String ref) {
                    refs.add(ref);
                } else {
                    collectRefs(entry.getValue(), refs);
                }
            });
        } else if (value instanceof JsonArray array) {
            array.forEach(item -> collectRefs(item, refs));
        }
    }
}
