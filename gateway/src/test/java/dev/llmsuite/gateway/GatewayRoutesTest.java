package dev.llmsuite.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(EchoUpstreams.class)
class GatewayRoutesTest {

    @Test
    void eachPathGoesToTheServiceThatOwnsItWithKeyAndBodyIntact() {
        String body = "{\"model\":\"gpt-4o\",\"input\":\"héllo\"}";
        given().header("Authorization", "Bearer sk-x").contentType("application/json").body(body)
                .post("/v1/embeddings").then().statusCode(200)
                .body("service", equalTo("embedding"))
                .body("method", equalTo("POST"))
                .body("authorization", equalTo("Bearer sk-x"))
                .body("body", equalTo(body));
        given().post("/v1/chat/completions").then().statusCode(200).body("service", equalTo("generation"));
        given().post("/v1/completions").then().statusCode(200).body("service", equalTo("generation"));
        given().post("/v1/tokens/count").then().statusCode(200).body("service", equalTo("tokenizer"));
        given().put("/v1/budgets/acme").then().statusCode(200).body("service", equalTo("pricing"));
        given().get("/v1/budget").then().statusCode(200).body("service", equalTo("pricing"));
        given().get("/v1/usage?group_by=model").then().statusCode(200)
                .body("service", equalTo("pricing")).body("path", equalTo("/v1/usage?group_by=model"));
    }

    @Test
    void aPrefixMatchesWholePathSegmentsOnly() {
        given().post("/v1/tokenizers").then().statusCode(404).body("error.code", equalTo("unknown_url"));
    }

    @Test
    void streamsServerSentEventsThrough() {
        String stream = given().post("/v1/chat/stream").then().statusCode(200)
                .header("Content-Type", containsString("text/event-stream")).extract().asString();
        org.junit.jupiter.api.Assertions.assertEquals(
                "data: {\"n\":0}\n\ndata: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n", stream);
    }

    @Test
    void listsTheModelsOfGenerationAndEmbeddingTogether() {
        given().header("Authorization", "Bearer sk-x").get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", containsInAnyOrder("generation-model", "embedding-model"));
    }

    @Test
    void unknownEndpointsGetOpenAiErrors() {
        given().get("/v1/nothing").then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("/v1/embeddings"));
    }
}
