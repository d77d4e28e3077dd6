package dev.llmsuite.embedding.api;

import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.llmsuite.embedding.api.EmbeddingsApiTest.api;
import static dev.llmsuite.embedding.api.EmbeddingsApiTest.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Several models at once (fp32 and int8 built-ins, picked per request by name), and a configured
 * model that cannot load: the service is then not ready, says why, and keeps serving the others.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(ModelLoadingTest.BrokenFolder.class)
class ModelLoadingTest {

    public static class BrokenFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmsuite.embedding.builtin-models", "all-minilm-l6-v2,all-minilm-l6-v2-q",
                    "llmsuite.embedding.models.broken.folder", "/nonexistent/model-folder");
        }
    }

    @Test
    void requestsPickAModelByName() {
        api().get("/v1/models").then().statusCode(200).body("data.id", hasItems("all-minilm-l6-v2", "all-minilm-l6-v2-q"));
        List<Float> fp32 = post(Map.of("model", "all-minilm-l6-v2", "input", "pick me")).statusCode(200)
                .body("model", equalTo("all-minilm-l6-v2")).extract().jsonPath().getList("data[0].embedding", Float.class);
        List<Float> int8 = post(Map.of("model", "all-minilm-l6-v2-q", "input", "pick me")).statusCode(200)
                .body("model", equalTo("all-minilm-l6-v2-q")).extract().jsonPath().getList("data[0].embedding", Float.class);
        assertNotEquals(fp32, int8);
    }

    @Test
    void readinessIsDownWithTheReason() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'embedding-models' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'embedding-models' }.data.broken", containsString("No model.onnx in /nonexistent/model-folder"));
        post(Map.of("model", "broken", "input", "x")).statusCode(404).body("error.message", containsString("failed to load"));
        post(Map.of("model", EmbeddingsApiTest.MODEL, "input", "x")).statusCode(200);
    }
}
