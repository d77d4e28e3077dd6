package dev.llmsuite.pricing.api;

import static dev.llmsuite.servicetesting.adversarial.Field.array;
import static dev.llmsuite.servicetesting.adversarial.Field.bool;
import static dev.llmsuite.servicetesting.adversarial.Field.integer;
import static dev.llmsuite.servicetesting.adversarial.Field.number;
import static dev.llmsuite.servicetesting.adversarial.Field.object;
import static dev.llmsuite.servicetesting.adversarial.Field.oneOf;
import static dev.llmsuite.servicetesting.adversarial.Field.string;
import static dev.llmsuite.servicetesting.adversarial.JsonKind.ARRAY;
import static dev.llmsuite.servicetesting.adversarial.JsonKind.STRING;
import static io.restassured.RestAssured.given;

import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.infra.PostgresTestResource;
import dev.llmsuite.servicetesting.PlatformContract;
import dev.llmsuite.servicetesting.adversarial.AdversarialContract;
import dev.llmsuite.servicetesting.adversarial.Endpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** Generated malformed requests against every POST and PUT endpoint of the pricing-service. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TokenizerServiceFixture.class)
class AdversarialTest extends AdversarialContract {

    /** Quarkus's default {@code quarkus.http.limits.max-body-size} (10240K). */
    private static final long BODY_LIMIT = 10240L * 1024;
    private static final String KEY = PlatformContract.TEST_KEY;
    private static final String ADMIN = PlatformContract.ADMIN_KEY;
    /** A model of the adversary's own, so the price versions its valid requests add touch no other test's model. */
    private static final String OWN_MODEL = "adversary-model";

    @BeforeEach
    void ownModel() {
        given().header("Authorization", "Bearer " + ADMIN).contentType("application/json")
                .body("{\"id\":\"" + OWN_MODEL + "\",\"context_window\":4096,\"encoding\":\"o200k_base\","
                        + "\"price\":{\"input_per_million_usd\":1,\"output_per_million_usd\":2}}")
                .post("/v1/pricing/models");
    }

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                Endpoint.post("/v1/pricing/estimate", KEY, "{\"model\":\"gpt-4o\",\"input_tokens\":500,\"expected_output_tokens\":100,"
                                + "\"requests_per_month\":1000,\"compare_with\":[\"gpt-4o-mini\"]}", BODY_LIMIT,
                        string("model").required(), integer("input_tokens"), integer("expected_output_tokens"), integer("requests_per_month"),
                        string("text"), array("messages"), array("compare_with"), string("compare_with[0]").required()),
                Endpoint.post("/v1/pricing/estimate", KEY, "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"},"
                                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}]}", BODY_LIMIT,
                        array("messages"), object("messages[0]").required(), string("messages[0].role").required(),
                        oneOf("messages[0].content", STRING, ARRAY).required(), string("messages[1].content[0].text").required()),
                Endpoint.post("/v1/pricing/estimate/languages", KEY, "{\"model\":\"gpt-4o\",\"texts\":{\"en\":\"Hello\",\"de\":\"Hallo\"}}",
                        BODY_LIMIT, string("model").required(), object("texts").required(), string("texts.en"),
                        integer("requests_per_month"), integer("expected_output_tokens")),
                Endpoint.put("/v1/budgets/adversary", ADMIN, "{\"monthly_limit_usd\":25.50}", BODY_LIMIT,
                        number("monthly_limit_usd").required()),
                Endpoint.post("/v1/pricing/models", ADMIN, "{\"id\":\"gpt-4o\",\"provider\":\"openai\",\"display_name\":\"GPT-4o\","
                                + "\"context_window\":128000,\"encoding\":\"o200k_base\",\"count_factor\":1.0,\"self_hosted\":false,"
                                + "\"price\":{\"input_per_million_usd\":2.5,\"output_per_million_usd\":10}}", BODY_LIMIT,
                        string("id").required(), string("provider"), string("display_name"), integer("context_window").required(),
                        string("encoding").required(), number("count_factor"), string("count_method"), bool("self_hosted"),
                        object("price").required(), number("price.input_per_million_usd").required(),
                        number("price.output_per_million_usd").required(), number("price.cached_input_per_million_usd"),
                        string("price.effective_from")),
                Endpoint.post("/v1/pricing/models/" + OWN_MODEL + "/prices", ADMIN,
                        "{\"input_per_million_usd\":1.25,\"output_per_million_usd\":2.5,\"cached_input_per_million_usd\":0.5}", BODY_LIMIT,
                        number("input_per_million_usd").required(), number("output_per_million_usd").required(),
                        number("cached_input_per_million_usd"), string("effective_from")),
                Endpoint.post("/v1/pricing/self-hosted/gpt-4o/apply", ADMIN, "{}", BODY_LIMIT));
    }
}
