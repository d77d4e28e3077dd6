package dev.llmsuite.tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.llmsuite.tokens.Api.asTenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A vocabulary that cannot be loaded makes the service not ready, and says why; the others still work. */
@QuarkusTest
@TestProfile(UnloadableVocabularyTest.MissingVocabulary.class)
class UnloadableVocabularyTest {

    public static class MissingVocabulary implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmsuite.tokenizer.encodings", "r50k_base,cl200k_base",
                    "llmsuite.tokenizer.sentencepiece.llama2.file", "/nonexistent/llama2-tokenizer.bin");
        }
    }

    @Test
    void readinessIsDownNamingTheVocabulary() {
        RestAssured.get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'vocabularies' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'vocabularies' }.data.cl200k_base", containsString("unknown tiktoken encoding"))
                .body("checks.find { it.name == 'vocabularies' }.data.llama2", containsString("/nonexistent/llama2-tokenizer.bin"));
    }

    @Test
    void loadedEncodingsKeepServing() {
        asTenant().body(Map.of("text", "still here", "encoding", "r50k_base")).post("/v1/tokenize").then().statusCode(200);
        asTenant().body(Map.of("text", "x", "encoding", "cl200k_base")).post("/v1/tokenize").then().statusCode(503)
                .body("error.code", equalTo("service_unavailable"));
        asTenant().body(Map.of("text", "x", "encoding", "llama2")).post("/v1/tokenize").then().statusCode(503)
                .body("error.message", containsString("cannot be loaded"));
    }
}
