package dev.llmsuite.tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.llmsuite.tokens.Api.asTenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class EncodingsEndpointTest {

    @Test
    void listsEveryEncodingWithSizeSpecialTokensAndModels() {
        JsonPath body = asTenant().get("/v1/encodings").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base"),
                body.getList("data.findAll { it.family == 'tiktoken' }.name"));
        for (String name : List.of("r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base")) {
            Map<String, Object> encoding = body.getMap("data.find { it.name == '" + name + "' }");
            assertEquals(Jtokkit.encoding(name).getName(), encoding.get("name"));
        }
        assertEquals(50257, body.getInt("data.find { it.name == 'r50k_base' }.vocabulary_size"));
        assertEquals(100277, body.getInt("data.find { it.name == 'cl100k_base' }.vocabulary_size"));
        assertEquals(100257, body.getInt("data.find { it.name == 'cl100k_base' }.special_tokens.'<|endoftext|>'"));
        assertEquals(199999, body.getInt("data.find { it.name == 'o200k_base' }.special_tokens.'<|endoftext|>'"));
        asTenant().get("/v1/encodings").then()
                .body("data.find { it.name == 'o200k_base' }.models", hasItems("gpt-4o", "gpt-4o-*", "gpt-5*"))
                .body("data.find { it.name == 'cl100k_base' }.models", hasItems("gpt-4", "gpt-3.5-turbo", "text-embedding-3-small"));
    }

    @Test
    void readinessIsUpWhenEveryVocabularyLoaded() {
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'vocabularies' }.status", equalTo("UP"));
    }

    @Test
    void metricsCountTokensAndRequestSizes() {
        asTenant().body(Map.of("text", "metrics please", "encoding", "r50k_base")).post("/v1/tokenize").then().statusCode(200);
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("llmsuite_tokenizer_tokens_total{encoding=\"r50k_base\",operation=\"tokenize\"}"))
                .body(containsString("llmsuite_tokenizer_request_bytes_bucket"))
                .body(containsString("llmsuite_tokenizer_tokens_per_second_count"));
    }
}
