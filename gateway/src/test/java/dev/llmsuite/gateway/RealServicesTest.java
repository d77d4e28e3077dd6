package dev.llmsuite.gateway;

import dev.llmsuite.servicetesting.ServiceProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real tokenizer-service, two processes of it, behind the gateway ({@link RealTokenizers}). */
@QuarkusTest
@WithTestResource(RealTokenizers.class)
class RealServicesTest {

    private static final String COUNT = "{\"text\":\"Hello, world\",\"encodings\":[\"cl100k_base\",\"o200k_base\"]}";

    private static List<String> tokenizers() {
        return List.of(ConfigProvider.getConfig().getValue("test.tokenizers", String.class).split(","));
    }

    private static Response count(String base) {
        return given().baseUri(base).header("Authorization", "Bearer " + ServiceProcess.API_KEY)
                .header("x-request-id", "real-services-1").contentType("application/json").body(COUNT).post("/v1/tokens/count");
    }

    @Test
    void theGatewayAnswersAsTheServiceItselfDoes() {
        Response direct = count(tokenizers().getFirst());
        Response throughGateway = count(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        assertEquals(200, throughGateway.statusCode(), throughGateway.asString());
        assertEquals(new JsonObject(direct.asString()), new JsonObject(throughGateway.asString()));
        assertEquals("real-services-1", throughGateway.header("x-request-id"));
        given().header("Authorization", "Bearer sk-unknown").get("/v1/encodings").then().statusCode(401);
    }

    @Test
    void requestsAreSpreadOverBothProcesses() {
        for (int i = 0; i < 10; i++) {
            given().header("Authorization", "Bearer " + ServiceProcess.API_KEY).contentType("application/json").body(COUNT)
                    .post("/v1/tokens/count").then().statusCode(200);
        }
        for (String tokenizer : tokenizers()) {
            assertTrue(countsServed(tokenizer) > 0, tokenizer + " served none of the requests");
        }
    }

    @Test
    void theMergedOpenApiDocumentHoldsTheRealServicesPaths() {
        Response merged = given().get("/q/openapi");
        assertEquals(200, merged.statusCode(), merged.asString());
        assertEquals(Set.of("embedding", "generation", "pricing"), Set.of(merged.header("x-llmsuite-missing-services").split(",")));
        JsonObject own = new JsonObject(given().baseUri(tokenizers().getFirst()).get("/q/openapi?format=json").asString());
        assertEquals(own.getJsonObject("paths").fieldNames(), new JsonObject(merged.asString()).getJsonObject("paths").fieldNames());
    }

    /** Requests to /v1/tokens/count this process counted in its own HTTP metrics. */
    private static double countsServed(String base) {
        double served = 0;
        for (String line : given().baseUri(base).get("/q/metrics").asString().split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count") && line.contains("uri=\"/v1/tokens/count\"")) {
                served += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return served;
    }
}
