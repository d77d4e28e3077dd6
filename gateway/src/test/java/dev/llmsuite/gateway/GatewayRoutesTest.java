package dev.llmsuite.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(EchoUpstreams.class)
class GatewayRoutesTest {

    private static RequestSpecification withKey() {
        return given().header("Authorization", "Bearer sk-test-tenant");
    }

    @Test
    void eachPathGoesToTheServiceThatOwnsItWithKeyAndBodyIntact() {
        String body = "{\"model\":\"gpt-4o\",\"input\":\"héllo\"}";
        withKey().contentType("application/json").body(body)
                .post("/v1/embeddings").then().statusCode(200)
                .body("service", equalTo("embedding"))
                .body("method", equalTo("POST"))
                .body("authorization", equalTo("Bearer sk-test-tenant"))
                .body("forwarded_for", notNullValue())
                .body("body", equalTo(body));
        withKey().post("/v1/chat/completions").then().statusCode(200).body("service", equalTo("generation"));
        withKey().post("/v1/explain/attention").then().statusCode(200).body("service", equalTo("generation"));
        withKey().post("/v1/tokens/count").then().statusCode(200).body("service", equalTo("tokenizer"));
        withKey().put("/v1/budgets/acme").then().statusCode(200).body("service", equalTo("pricing"));
        withKey().get("/v1/budget").then().statusCode(200).body("service", equalTo("pricing"));
        withKey().get("/v1/usage?group_by=model").then().statusCode(200)
                .body("service", equalTo("pricing")).body("path", equalTo("/v1/usage?group_by=model"));
    }

    @Test
    void aPrefixMatchesWholePathSegmentsOnly() {
        withKey().post("/v1/tokenizers").then().statusCode(404).body("error.code", equalTo("unknown_url"));
        withKey().post("/v1/chat/../budgets/x").then().statusCode(200).body("service", equalTo("pricing"))
                .body("path", equalTo("/v1/budgets/x"));
    }

    @Test
    void streamsServerSentEventsThrough() {
        String stream = withKey().post("/v1/chat/stream").then().statusCode(200)
                .header("Content-Type", containsString("text/event-stream")).extract().asString();
        assertEquals("data: {\"n\":0}\n\ndata: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n", stream);
    }

    @Test
    void listsTheModelsOfGenerationAndEmbeddingTogether() {
        withKey().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", containsInAnyOrder("generation-model", "embedding-model"));
    }

    @Test
    void oneModelComesFromTheServiceThatHasIt() {
        withKey().get("/v1/models/embedding-model").then().statusCode(200).body("owned_by", equalTo("embedding"));
        withKey().get("/v1/models/generation-model").then().statusCode(200).body("owned_by", equalTo("generation"));
        withKey().get("/v1/models/nobody-has-it").then().statusCode(404).body("error.code", equalTo("model_not_found"));
        withKey().delete("/v1/models/generation-model").then().statusCode(405).body("error.code", equalTo("method_not_allowed"));
    }

    @Test
    void unknownEndpointsGetOpenAiErrors() {
        withKey().get("/v1/nothing").then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("/v1/embeddings"));
    }

    @Test
    void theGatewayKnowsTheTenantsOfTheServicesKeyTable() {
        given().get("/v1/models").then().statusCode(401).body("error.code", equalTo("invalid_api_key"))
                .body("error.message", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer sk-wrong").post("/v1/embeddings").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
