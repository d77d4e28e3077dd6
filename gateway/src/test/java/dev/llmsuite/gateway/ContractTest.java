package dev.llmsuite.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.llmsuite.servicetesting.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's own answers follow the OpenAI contract; each case here was a defect of issue 12. */
@QuarkusTest
@WithTestResource(EchoUpstreams.class)
class ContractTest {

    @TestHTTPResource("/")
    URI base;

    private static io.restassured.specification.RequestSpecification withKey() {
        return given().header("Authorization", "Bearer sk-test-tenant");
    }

    @Test
    void aClientsRequestIdReachesTheServiceAndComesBackUnchanged() {
        withKey().header("x-request-id", "client-id-1").contentType("application/json").body("{}").post("/v1/embeddings").then()
                .statusCode(200).header("x-request-id", "client-id-1").body("request_id", equalTo("client-id-1"));
        String generated = withKey().contentType("application/json").body("{}").post("/v1/completions").then().statusCode(200)
                .header("x-request-id", matchesPattern("req_[0-9a-f]{32}")).extract().header("x-request-id");
        assertEquals(1, withKey().post("/v1/tokenize").headers().getValues("x-request-id").size(), "one x-request-id header");
        withKey().header("x-request-id", generated).post("/v1/tokenize").then().body("request_id", equalTo(generated));
    }

    @Test
    void theGatewaysOwnErrorsCarryOpenAisBodyAndARequestId() {
        withKey().get("/v1/nothing").then().statusCode(404).header("x-request-id", notNullValue())
                .body("error.code", equalTo("unknown_url"));
        withKey().post("/v1/down").then().statusCode(502).header("x-request-id", notNullValue())
                .body("error.type", equalTo("server_error")).body("error.code", equalTo("upstream_unavailable"))
                .body("error.message", notNullValue());
    }

    @Test
    void aBodyOverTheLimitGetsA413WithOpenAisBody() throws Exception {
        byte[] body = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/v1/embeddings"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").header("Authorization", "Bearer sk-test-tenant")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"request_too_large\""), response.body());
        assertTrue(response.headers().firstValue("x-request-id").isPresent());
    }

    @Test
    void anOverlongUriGetsA414WithOpenAisBody() {
        String response = RawHttp.get(base.getHost(), base.getPort(), "/v1/embeddings?q=" + "a".repeat(20_000), "");
        assertTrue(response.startsWith("HTTP/1.1 414"), response);
        assertTrue(response.contains("\"code\":\"uri_too_long\""), response);
    }
}
