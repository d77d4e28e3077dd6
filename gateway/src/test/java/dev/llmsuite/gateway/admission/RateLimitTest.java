package dev.llmsuite.gateway.admission;

import dev.llmsuite.gateway.EchoUpstreams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-tenant requests and tokens per minute through the gateway, with OpenAI's headers and 429s. */
@QuarkusTest
@WithTestResource(EchoUpstreams.class)
@TestProfile(RateLimitTest.Limited.class)
class RateLimitTest {

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmsuite.gateway.rate-limit.requests-per-minute", "5",
                    "llmsuite.gateway.rate-limit.tokens-per-minute", "2000");
        }
    }

    private static final String TENANT = "Bearer sk-test-tenant";
    private static final String ADMIN = "Bearer sk-test-admin";

    @Test
    void aTenantPastItsRequestsPerMinuteGets429WithRetryAfterWhileOthersPass() {
        Response refused = null;
        int admitted = 0;
        // 5 per minute refill one every 12 s: however slow the machine, a refusal comes within 20 requests.
        for (int i = 0; i < 20 && refused == null; i++) {
            Response response = given().header("Authorization", TENANT).post("/v1/tokenize");
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertEquals(200, response.statusCode(), response.asString());
                assertEquals("5", response.header("x-ratelimit-limit-requests"));
                assertTrue(Integer.parseInt(response.header("x-ratelimit-remaining-requests")) < 5);
                assertNotNull(response.header("x-ratelimit-reset-requests"));
                assertEquals("2000", response.header("x-ratelimit-limit-tokens"));
                admitted++;
            }
        }
        assertNotNull(refused, "no 429 within 20 requests at 5 per minute");
        assertTrue(admitted >= 5, "the first five pass: " + admitted);
        refused.then().body("error.type", equalTo("requests")).body("error.code", equalTo("rate_limit_exceeded"))
                .body("error.message", containsString("test-tenant"))
                .header("x-ratelimit-remaining-requests", "0")
                .header("x-ratelimit-reset-requests", matchesPattern("[0-9.ms]+"))
                .header("x-request-id", matchesPattern(".+"));
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
        given().header("Authorization", ADMIN).get("/v1/encodings").then().statusCode(200);
    }

    @Test
    void tokensAreEstimatedFromTheRequestAndCountedAgainstTheTenant() {
        String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}],\"max_tokens\":%d}";
        Response tooLarge = given().header("Authorization", ADMIN).contentType("application/json").body(chat.formatted(5000))
                .post("/v1/chat/completions");
        assertEquals(429, tooLarge.statusCode());
        tooLarge.then().body("error.type", equalTo("tokens")).body("error.message", containsString("Request too large"));
        assertNull(tooLarge.header("Retry-After"), "waiting cannot help a request larger than the limit");
        Response first = given().header("Authorization", ADMIN).contentType("application/json").body(chat.formatted(1900))
                .post("/v1/chat/completions");
        assertEquals(200, first.statusCode());
        assertEquals("generation", first.jsonPath().getString("service"));
        assertTrue(first.jsonPath().getString("body").contains("Hello there"), "the body read for the estimate is forwarded whole");
        assertEquals(2000 - 1900 - 3, Integer.parseInt(first.header("x-ratelimit-remaining-tokens")), "11 characters of prompt are 3 tokens");
        Response second = given().header("Authorization", ADMIN).contentType("application/json").body(chat.formatted(1900))
                .post("/v1/chat/completions");
        assertEquals(429, second.statusCode());
        second.then().body("error.type", equalTo("tokens"));
        assertTrue(Integer.parseInt(second.header("Retry-After")) >= 1);
    }
}
