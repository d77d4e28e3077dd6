package dev.llmsuite.pricing.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.infra.PostgresTestResource;
import dev.llmsuite.servicetesting.PlatformContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAI contract on the pricing endpoints: each case here was a defect of issue 12. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TokenizerServiceFixture.class)
class ContractTest {

    private static RequestSpecification tenant() {
        return given().header("Authorization", "Bearer " + PlatformContract.TEST_KEY).contentType("application/json");
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + PlatformContract.ADMIN_KEY).contentType("application/json");
    }

    private static ValidatableResponse estimate(String body) {
        return tenant().body(body).post("/v1/pricing/estimate").then();
    }

    private static void refused(ValidatableResponse response, String param) {
        response.statusCode(400).body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo(param))
                .body("error.message", not(containsString("java.")));
    }

    @Test
    void aDuplicateKeyInABudgetIs400NotAServerError() {
        refused(admin().body("{\"monthly_limit_usd\":10,\"monthly_limit_usd\":20}").put("/v1/budgets/acme").then(), "monthly_limit_usd");
    }

    @Test
    void looseTypesAreRefusedNamingTheField() {
        refused(estimate("{\"model\":\"gpt-4o\",\"input_tokens\":\"500\"}"), "input_tokens");
        refused(estimate("{\"model\":\"gpt-4o\",\"input_tokens\":500,\"expected_output_tokens\":1.5}"), "expected_output_tokens");
        refused(estimate("{\"model\":\"gpt-4o\",\"input_tokens\":500,\"requests_per_month\":true}"), "requests_per_month");
        refused(estimate("{\"model\":5,\"input_tokens\":500}"), "model");
        refused(estimate("{\"model\":\"gpt-4o\",\"text\":42}"), "text");
        refused(admin().body("{\"monthly_limit_usd\":\"10\"}").put("/v1/budgets/acme").then(), "monthly_limit_usd");
        refused(estimate("{\"model\":\"gpt-4o\",\"input_tokens\":500} xyz"), null);
    }

    @Test
    void tokenCountsAtTheLargestLongDoNotFitAnyContext() {
        estimate("{\"model\":\"gpt-4o\",\"input_tokens\":9223372036854775807,\"expected_output_tokens\":9223372036854775807,"
                + "\"compare_with\":[\"gpt-4o-mini\"]}").statusCode(200)
                .body("estimate.fits_context", equalTo(false))
                .body("comparisons[0].fits_context", equalTo(false));
        estimate("{\"model\":\"gpt-4o\",\"input_tokens\":1,\"expected_output_tokens\":9223372036854775807}").statusCode(200)
                .body("estimate.fits_context", equalTo(false));
    }

    @Test
    void extremeDatesInAUsageReportAre400WithoutJavaInternals() {
        for (String date : List.of("+1000000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
            refused(tenant().queryParam("from", date).get("/v1/usage").then(), "from");
            refused(tenant().queryParam("from", "2026-01-01").queryParam("to", date).get("/v1/usage").then(), "to");
        }
    }

    @Test
    void chatMessagesMayCarryContentPartsAsOnTheChatEndpoint() {
        long asString = estimate("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}")
                .statusCode(200).extract().jsonPath().getLong("estimate.input_tokens.tokens");
        estimate("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello there\"}]}]}")
                .statusCode(200).body("estimate.input_tokens.tokens", equalTo((int) asString));
        refused(estimate("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}"),
                "messages[0].content[0].type");
        refused(estimate("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":7}]}"), "messages[0].content");
    }

    @Test
    void aNullTextInALanguageComparisonNamesThatText() {
        ValidatableResponse response = tenant().body("{\"model\":\"gpt-4o\",\"texts\":{\"en\":\"Hello\",\"ru\":null}}")
                .post("/v1/pricing/estimate/languages").then();
        refused(response, "texts.ru");
        response.body("error.message", not(containsString("input_tokens"))).body("error.message", not(containsString("messages")));
    }

    @Test
    void anUnknownModelIsModelNotFound() {
        estimate("{\"model\":\"gpt-9\",\"input_tokens\":1}").statusCode(404).body("error.code", equalTo("model_not_found"))
                .body("error.param", equalTo("model"));
        estimate("{\"model\":\"gpt-4o\",\"input_tokens\":1,\"compare_with\":[\"gpt-9\"]}").statusCode(404)
                .body("error.code", equalTo("model_not_found")).body("error.param", equalTo("compare_with[0]"));
        tenant().get("/v1/pricing/models/gpt-9").then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void absurdAmountsAreRefusedQuickly() {
        refused(admin().body("{\"input_per_million_usd\":1e999999999,\"output_per_million_usd\":1}")
                .post("/v1/pricing/models/gpt-4o/prices").then(), "input_per_million_usd");
        refused(admin().body("{\"monthly_limit_usd\":1e999999999}").put("/v1/budgets/acme").then(), "monthly_limit_usd");
        refused(admin().body("{\"monthly_limit_usd\":1e-999999999}").put("/v1/budgets/acme").then(), "monthly_limit_usd");
        refused(admin().body(Map.of("id", "m-" + System.nanoTime(), "context_window", 10, "encoding", "cl100k_base",
                "count_factor", new java.math.BigDecimal("1e999999999"),
                "price", Map.of("input_per_million_usd", 1, "output_per_million_usd", 1))).post("/v1/pricing/models").then(), "count_factor");
    }

    @Test
    void everyResponseCarriesARequestId() {
        tenant().header("x-request-id", "pricing-client-9").body("{\"model\":\"gpt-4o\",\"input_tokens\":1}")
                .post("/v1/pricing/estimate").then().statusCode(200).header("x-request-id", "pricing-client-9");
        given().get("/v1/usage").then().statusCode(401).header("x-request-id", matchesPattern("req_[0-9a-f]{32}"));
    }
}
