package dev.llmsuite.pricing.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import dev.llmsuite.infra.Eventually;
import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.infra.PostgresTestResource;
import dev.llmsuite.infra.TestInfrastructure;
import dev.llmsuite.servicetesting.PlatformContract;
import dev.llmsuite.usage.UsageEvent;
import dev.llmsuite.usage.UsageEventJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pricing-service over HTTP, with a real database, broker and tokenizer library behind it. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TokenizerServiceFixture.class)
class PricingApiTest extends PlatformContract {

    private static final EncodingRegistry JTOKKIT = Encodings.newLazyEncodingRegistry();

    PricingApiTest() {
        super("/v1/pricing/estimate", List.of("llmsuite_ledger_events_ingested", "llmsuite_ledger_events_dead_lettered",
                "llmsuite_ledger_batch_size"));
    }

    @BeforeAll
    static void exactNumbers() {
        RestAssured.config = RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    @Test
    void theLessonsGpt4oExampleComesOutAtExactlyUsd125() {
        tenant().body(Map.of("model", "gpt-4o", "input_tokens", 500, "requests_per_month", 100_000))
                .post("/v1/pricing/estimate").then().statusCode(200)
                .body("estimate.input_cost_per_month_usd", equalTo(new BigDecimal("125.00")))
                .body("comparisons.model", hasItems("gpt-4o-mini", "claude-3-5-sonnet", "llama-3-70b"));
    }

    @Test
    void textIsCountedByTheTokenizerServiceAndClaudeIsMarkedApproximate() {
        String text = "GPT-4o costs USD 2.50 per million input tokens. Sounds tiny - until the math lands.";
        long o200k = JTOKKIT.getEncoding("o200k_base").orElseThrow().countTokensOrdinary(text);
        long cl100k = JTOKKIT.getEncoding("cl100k_base").orElseThrow().countTokensOrdinary(text);
        var response = tenant().body(Map.of("model", "gpt-4o", "text", text, "compare_with", List.of("claude-3-5-sonnet")))
                .post("/v1/pricing/estimate").then().statusCode(200).extract().jsonPath();
        assertEquals(o200k, response.getLong("estimate.input_tokens.tokens"));
        assertEquals(true, response.getBoolean("estimate.input_tokens.exact"));
        assertEquals(cl100k, response.getLong("comparisons[0].input_tokens.tokens"));
        assertEquals(false, response.getBoolean("comparisons[0].input_tokens.exact"));
        assertTrue(response.getString("comparisons[0].input_tokens.method").startsWith("approximate: cl100k_base"));
    }

    @Test
    void aModelWhoseEncodingTheTokenizerServiceRefusesIsListedAsNotCompared() {
        var estimate = tenant().body(Map.of("model", "gpt-4o-mini", "text", "Count me in every encoding."))
                .post("/v1/pricing/estimate").then().statusCode(200).extract().jsonPath();
        // stories260k is counted in the llama2 vocabulary, which this tokenizer-service does not serve
        assertEquals(List.of("stories260k"), estimate.getList("not_compared.model"));
        assertTrue(estimate.getList("comparisons.model").containsAll(List.of("gpt-4o", "claude-3-5-sonnet", "llama-3-70b")));
    }

    @Test
    void englishAndRussianSideBySide() {
        String en = "A five hundred word prompt in Russian costs more than the same prompt in English.";
        String ru = "Промпт из пятисот слов на русском стоит дороже, чем тот же промпт на английском.";
        long enTokens = JTOKKIT.getEncoding("o200k_base").orElseThrow().countTokensOrdinary(en);
        long ruTokens = JTOKKIT.getEncoding("o200k_base").orElseThrow().countTokensOrdinary(ru);
        var comparison = tenant().body("{\"model\":\"gpt-4o\",\"texts\":{\"en\":\"" + en + "\",\"ru\":\"" + ru + "\"},\"requests_per_month\":1000000}")
                .post("/v1/pricing/estimate/languages").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("en", "ru"), comparison.getList("languages.language"));
        assertEquals(enTokens, comparison.getLong("languages[0].tokens"));
        assertEquals(ruTokens, comparison.getLong("languages[1].tokens"));
        BigDecimal ruMonthly = new BigDecimal(comparison.getString("languages[1].cost_per_month_usd"));
        assertEquals(0, new BigDecimal("2.50").multiply(BigDecimal.valueOf(ruTokens)).compareTo(ruMonthly));
    }

    @Test
    void anUnreachableTokenizerServiceIsA503InOpenAiFormat() {
        TokenizerServiceFixture.down();
        try {
            tenant().body(Map.of("model", "gpt-4o", "text", "hello")).post("/v1/pricing/estimate").then().statusCode(503)
                    .body("error.type", equalTo("server_error"))
                    .body("error.code", equalTo("service_unavailable"))
                    .body("error.message", containsString("tokenizer-service"));
        } finally {
            TokenizerServiceFixture.up();
        }
    }

    @Test
    void badEstimateRequestsAre4xxWithTheFieldNamed() {
        tenant().body("{\"model\":\"gpt-4o\",\"text\":\"a\",\"input_tokens\":3}").post("/v1/pricing/estimate").then()
                .statusCode(400).body("error.param", equalTo("text"));
        tenant().body("{\"model\":\"gpt-9\",\"input_tokens\":3}").post("/v1/pricing/estimate").then()
                .statusCode(404).body("error.param", equalTo("model"));
        tenant().body("{\"model\":\"gpt-4o\",\"input_tokens\":\"many\"}").post("/v1/pricing/estimate").then()
                .statusCode(400).body("error.type", equalTo("invalid_request_error"));
        tenant().body("{\"model\":").post("/v1/pricing/estimate").then().statusCode(400);
    }

    @Test
    void onlyTheAdminAddsPriceVersionsAndHistoryIsKept() {
        String future = Instant.now().plus(Duration.ofDays(30)).toString();
        Map<String, Object> price = Map.of("input_per_million_usd", 2.00, "output_per_million_usd", 8.00, "effective_from", future);
        tenant().body(price).post("/v1/pricing/models/gpt-4o-mini/prices").then().statusCode(403);
        admin().body(price).post("/v1/pricing/models/gpt-4o-mini/prices").then().statusCode(201);
        admin().body(Map.of("input_per_million_usd", 1, "output_per_million_usd", 1, "effective_from", "2024-06-01T00:00:00Z"))
                .post("/v1/pricing/models/gpt-4o-mini/prices").then().statusCode(400).body("error.param", equalTo("effective_from"));
        tenant().get("/v1/pricing/models/gpt-4o-mini").then().statusCode(200)
                .body("current_price.input_per_million_usd", equalTo(new BigDecimal("0.150000")))
                .body("price_history.size()", equalTo(2));
    }

    @Test
    void usageReportsShowOnlyTheCallersRowsAndTotalsEqualTheirRows() throws Exception {
        Instant day = Instant.parse("2025-02-03T10:00:00Z");
        List<UsageEvent> events = List.of(
                event("test-tenant", "gpt-4o", 1234, 567, day), event("test-tenant", "gpt-4o-mini", 777, 33, day),
                event("test-tenant", "gpt-4o-mini", 10, 30, day), event("other-tenant", "gpt-4o", 5000, 5000, day));
        publish(events);
        awaitRequests("2025-02-03", "2025-02-04", events.size());

        // Each line is its rows' exact cost rounded once; the total is the exact sum of all rows rounded once.
        BigDecimal gpt4o = microUsd("2.50", 1234).add(microUsd("10.00", 567));
        BigDecimal mini = microUsd("0.15", 777).add(microUsd("0.60", 33)).add(microUsd("0.15", 10)).add(microUsd("0.60", 30));
        long expected = rounded(gpt4o.add(mini));
        var report = tenant().queryParam("from", "2025-02-03").queryParam("to", "2025-02-04").queryParam("group_by", "model")
                .get("/v1/usage").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("gpt-4o", "gpt-4o-mini"), report.getList("data.group"));
        assertEquals(expected, report.getLong("total.cost_micros"));
        assertEquals(rounded(gpt4o), report.getLong("data[0].cost_micros"));
        assertEquals(rounded(mini), report.getLong("data[1].cost_micros"));
        assertEquals(3, report.getLong("total.requests"));

        tenant().queryParam("tenant", "other-tenant").get("/v1/usage").then().statusCode(403);
        String csv = tenant().queryParam("from", "2025-02-03").queryParam("to", "2025-02-04").queryParam("format", "csv")
                .get("/v1/usage").then().statusCode(200).extract().asString();
        assertTrue(csv.startsWith("model,requests,prompt_tokens,completion_tokens,cost_usd,unpriced_requests\r\n"), csv);
        assertTrue(csv.contains("total,3,2021,630," + BigDecimal.valueOf(expected, 6).toPlainString() + ",0"), csv);
    }

    @Test
    void manySmallRequestsAreBilledTokensTimesPriceNotZero() throws Exception {
        // The measurement: 200 embedding requests of 14 tokens, each worth 0.077784 micro-USD, once
        // rounded to 0 each. The price comes from the catalog as a client reads it, the arithmetic from BigDecimal.
        BigDecimal pricePerMillion = new BigDecimal(tenant().get("/v1/pricing/models/all-minilm-l6-v2").then().statusCode(200)
                .extract().jsonPath().getString("current_price.input_per_million_usd"));
        Instant day = Instant.parse("2025-06-09T09:00:00Z");
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(new UsageEvent(UUID.randomUUID(), day.plusSeconds(i), "test-tenant", "embedding-service",
                    "all-minilm-l6-v2", "embedding", 14, 0, 3, null, null, "emb-" + i));
        }
        publish(events);
        awaitRequests("2025-06-09", "2025-06-10", events.size());

        BigDecimal exactUsd = pricePerMillion.multiply(BigDecimal.valueOf(200 * 14)).movePointLeft(6);
        String body = tenant().queryParam("from", "2025-06-09").queryParam("to", "2025-06-10").get("/v1/usage")
                .then().statusCode(200).extract().asString();
        var total = JsonPath.from(body);
        assertEquals(2800, total.getLong("total.prompt_tokens"));
        assertTrue(body.contains("\"cost_exact_usd\":" + exactUsd.stripTrailingZeros().toPlainString()), "money as plain decimals: " + body);
        assertEquals(0, exactUsd.compareTo(new BigDecimal(total.getString("total.cost_exact_usd"))), total.prettify());
        assertEquals(exactUsd.setScale(6, RoundingMode.HALF_EVEN), new BigDecimal(total.getString("total.cost_usd")), total.prettify());
        assertTrue(total.getLong("total.cost_micros") > 0, "small requests are not free");
    }

    @Test
    void usageOfAnUnknownModelWaitsUnpricedUntilTheAdminAddsTheModel() throws Exception {
        Instant day = Instant.parse("2025-03-05T08:00:00Z");
        publish(List.of(event("test-tenant", "Acme-Chat-1", 300_000, 100_000, day)));
        awaitRequests("2025-03-05", "2025-03-06", 1);
        tenant().queryParam("from", "2025-03-05").queryParam("to", "2025-03-06").get("/v1/usage").then().statusCode(200)
                .body("total.unpriced_requests", equalTo(1))
                .body("total.cost_micros", equalTo(0));

        Map<String, Object> model = Map.of("id", "acme-chat-1", "provider", "acme", "context_window", 32_000,
                "encoding", "cl100k_base", "price", Map.of("input_per_million_usd", 1.25, "output_per_million_usd", 5.00));
        tenant().body(model).post("/v1/pricing/models").then().statusCode(403);
        admin().body(model).post("/v1/pricing/models").then().statusCode(201).body("id", equalTo("acme-chat-1"));
        admin().body(model).post("/v1/pricing/models").then().statusCode(409);

        var report = tenant().queryParam("from", "2025-03-05").queryParam("to", "2025-03-06").get("/v1/usage")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(0, report.getLong("total.unpriced_requests"));
        assertEquals(rounded(microUsd("1.25", 300_000).add(microUsd("5.00", 100_000))), report.getLong("total.cost_micros"));
    }

    @Test
    void budgetsAreSetByTheAdminAndReadByTheTenant() {
        tenant().body(Map.of("monthly_limit_usd", 5)).put("/v1/budgets/test-tenant").then().statusCode(403);
        admin().body(Map.of("monthly_limit_usd", -1)).put("/v1/budgets/test-tenant").then().statusCode(400)
                .body("error.param", equalTo("monthly_limit_usd"));
        admin().body(Map.of("monthly_limit_usd", 250.5)).put("/v1/budgets/test-tenant").then().statusCode(200);
        tenant().get("/v1/budget").then().statusCode(200)
                .body("tenant", equalTo("test-tenant"))
                .body("monthly_limit_usd", equalTo(new BigDecimal("250.500000")));
        tenant().queryParam("tenant", "admin").get("/v1/budget").then().statusCode(403);
    }

    @Test
    void selfHostedPriceComesFromTheGenerationServicesMeasuredThroughput() {
        double sum = 0;
        for (double speed : TokenizerServiceFixture.GENERATION_SPEEDS) {
            sum += speed;
        }
        BigDecimal mean = BigDecimal.valueOf(sum / TokenizerServiceFixture.GENERATION_SPEEDS.length);
        BigDecimal expected = new BigDecimal("0.10").multiply(BigDecimal.valueOf(1_000_000))
                .divide(mean.multiply(BigDecimal.valueOf(3600)), 6, RoundingMode.HALF_EVEN);
        tenant().get("/v1/pricing/self-hosted").then().statusCode(200)
                .body("throughput.source", containsString("measured"))
                .body("price_per_million_usd", equalTo(expected));
    }

    /** USD per 1M tokens is micro-USD per token: the exact cost in micro-USD. */
    private static BigDecimal microUsd(String pricePerMillion, long tokens) {
        return new BigDecimal(pricePerMillion).multiply(BigDecimal.valueOf(tokens));
    }

    private static long rounded(BigDecimal microUsd) {
        return microUsd.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    private static UsageEvent event(String tenant, String model, long prompt, long completion, Instant at) {
        return new UsageEvent(UUID.randomUUID(), at, tenant, "generation-service", model, "chat.completions",
                prompt, completion, 20, 5L, "stop", "req");
    }

    private static void publish(List<UsageEvent> events) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (UsageEvent e : events) {
                producer.send(new ProducerRecord<>(UsageEvent.TOPIC, e.tenant().getBytes(StandardCharsets.UTF_8), UsageEventJson.write(e))).get();
            }
        }
    }

    private static void awaitRequests(String from, String to, long requests) throws Exception {
        Eventually.await("the ledger to ingest " + requests + " events", () -> admin().queryParam("from", from).queryParam("to", to)
                .get("/v1/usage").then().statusCode(200).extract().jsonPath().getLong("total.requests") >= requests);
    }

    private static RequestSpecification tenant() {
        return given().header("Authorization", "Bearer " + TEST_KEY).contentType("application/json");
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_KEY).contentType("application/json");
    }
}
