package dev.llmsuite.servicetesting;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service promises the platform, checked against the running service: health, metrics
 * (with its domain metrics), OpenAPI, and OpenAI-style 401s on its API. A service's test extends
 * this with {@code @QuarkusTest} and names one of its endpoints and the metrics it must export.
 */
public abstract class PlatformContract {

    /** The key the services' %test profile maps to tenant {@code test-tenant}. */
    public static final String TEST_KEY = "sk-test-tenant";
    /** The key the services' %test profile maps to tenant {@code admin}. */
    public static final String ADMIN_KEY = "sk-test-admin";

    private final String protectedPath;
    private final List<String> domainMetrics;

    protected PlatformContract(String protectedPath, List<String> domainMetrics) {
        this.protectedPath = protectedPath;
        this.domainMetrics = domainMetrics;
    }

    @Test
    void isLiveAndReady() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exportsPrometheusMetricsWithItsDomainMetrics() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String metric : domainMetrics) {
            assertTrue(metrics.contains(metric), "/q/metrics lacks " + metric);
        }
    }

    @Test
    void publishesItsOpenApiDocument() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", notNullValue())
                .body(containsString(protectedPath));
    }

    @Test
    void refusesItsApiWithoutAKeyInOpenAiFormat() {
        Response response = given().contentType("application/json").body("{}").post(protectedPath);
        response.then().statusCode(401)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_api_key"));
        given().header("Authorization", "Bearer sk-not-a-key").contentType("application/json").body("{}")
                .post(protectedPath).then().statusCode(401);
    }
}
