package dev.llmsuite.gateway.openapi;

import dev.llmsuite.gateway.routing.RouteTable;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenApiMergeTest {

    private static JsonObject document(String path, String schema, JsonObject definition) {
        return new JsonObject().put("openapi", "3.1.0")
                .put("paths", new JsonObject().put(path, new JsonObject().put("post", new JsonObject()
                        .put("responses", new JsonObject().put("200", new JsonObject().put("content", new JsonObject()
                                .put("application/json", new JsonObject().put("schema", new JsonObject()
                                        .put("$ref", "#/components/schemas/" + schema)))))))))
                .put("components", new JsonObject().put("schemas", new JsonObject().put(schema, definition)));
    }

    @Test
    void aComponentNameTwoServicesDefineDifferentlyIsRenamedWithItsReferences() {
        JsonObject string = new JsonObject().put("type", "string");
        JsonObject integer = new JsonObject().put("type", "integer");
        RouteTable routes = RouteTable.of(Map.of("a", List.of("/v1/a"), "b", List.of("/v1/b")));
        JsonObject merged = OpenApiMerge.merge(List.of(
                        new OpenApiMerge.Source("a", document("/v1/a", "Answer", string)),
                        new OpenApiMerge.Source("b", document("/v1/b", "Answer", integer)),
                        new OpenApiMerge.Source("b", document("/v1/not-routed", "Other", integer))),
                routes, Set.of(), new JsonObject().put("title", "t"));
        JsonObject schemas = merged.getJsonObject("components").getJsonObject("schemas");
        assertEquals(string, schemas.getJsonObject("Answer"));
        assertEquals(integer, schemas.getJsonObject("b_Answer"));
        assertEquals("#/components/schemas/b_Answer", merged.getJsonObject("paths").getJsonObject("/v1/b").getJsonObject("post")
                .getJsonObject("responses").getJsonObject("200").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("schema").getString("$ref"));
        assertEquals(Set.of("/v1/a", "/v1/b"), merged.getJsonObject("paths").fieldNames(), "only routed paths");
        assertEquals("3.1.0", merged.getString("openapi"));
    }

    @Test
    void aModelPathDocumentedByTwoServicesAppearsOnceFromTheFirst() {
        JsonObject first = document("/v1/models/{model}", "Model", new JsonObject().put("type", "object"));
        JsonObject second = document("/v1/models/{id}", "Model", new JsonObject().put("type", "object"));
        JsonObject merged = OpenApiMerge.merge(List.of(new OpenApiMerge.Source("generation", first),
                new OpenApiMerge.Source("embedding", second)), RouteTable.of(Map.of()), Set.of("/v1/models/{id}"), new JsonObject());
        assertEquals(Set.of("/v1/models/{model}"), merged.getJsonObject("paths").fieldNames());
    }
}
