package dev.llmsuite.generation.completion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The n choices of a streamed chat completion decode together, so their chunks interleave: each
 * choice still opens with its role chunk, ends with its finish chunk, and its content adds up to
 * the text the same request gets without streaming.
 */
@QuarkusTest
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class StreamedChoicesTest {

    private static Map<String, Object> request(boolean stream) {
        return Map.of("model", Stories260kModel.NAME, "messages", List.of(Map.of("role", "user", "content", "Tell me a story.")),
                "n", 3, "temperature", 1.0, "seed", 11, "max_tokens", 30, "stream", stream);
    }

    @Test
    void eachStreamedChoiceOpensWithItsRoleAndAddsUpToItsText() throws Exception {
        JsonPath whole = RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                .body(request(false)).post("/v1/chat/completions").then().statusCode(200).extract().jsonPath();
        String events = RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                .body(request(true)).post("/v1/chat/completions").then().statusCode(200).extract().asString();

        ObjectMapper json = new ObjectMapper();
        Map<Integer, List<JsonNode>> byChoice = new HashMap<>();
        for (String line : events.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode chunk = json.readTree(line.substring("data: ".length()));
                for (JsonNode choice : chunk.path("choices")) {
                    byChoice.computeIfAbsent(choice.path("index").asInt(), i -> new ArrayList<>()).add(choice);
                }
            }
        }
        assertEquals(3, byChoice.size());
        for (int i = 0; i < 3; i++) {
            List<JsonNode> chunks = byChoice.get(i);
            assertEquals("assistant", chunks.getFirst().at("/delta/role").asText(), "choice " + i + " opens with its role");
            assertTrue(chunks.getLast().hasNonNull("finish_reason"), "choice " + i + " ends with its finish chunk");
            StringBuilder content = new StringBuilder();
            chunks.forEach(chunk -> content.append(chunk.at("/delta/content").asText("")));
            assertEquals(whole.getString("choices[" + i + "].message.content"), content.toString(), "choice " + i);
        }
    }
}
