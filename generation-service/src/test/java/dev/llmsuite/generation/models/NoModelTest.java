package dev.llmsuite.generation.models;

import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/** With no model configured or downloaded the service still starts, is alive, and says how to provide one. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class NoModelTest {

    @Test
    void startsAliveButNotReadyAndExplainsWhy() {
        RestAssured.get("/q/health/live").then().statusCode(200);
        RestAssured.get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'generation' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'generation' }.data.message", containsString("./suite pull"))
                .body("checks.find { it.name == 'generation' }.data.message", containsString("llmsuite.generation.models.<name>.path"));
    }

    @Test
    void generationAnswers503WithTheSameAdviceAndTheModelListIsEmpty() {
        RestAssured.given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json")
                .body(Map.of("model", "anything", "messages", List.of(Map.of("role", "user", "content", "hi"))))
                .post("/v1/chat/completions").then().statusCode(503)
                .body("error.code", equalTo("service_unavailable"))
                .body("error.message", containsString("./suite pull"));
        RestAssured.given().header("Authorization", "Bearer sk-test-tenant").get("/v1/models").then().statusCode(200)
                .body("data", empty());
    }
}
