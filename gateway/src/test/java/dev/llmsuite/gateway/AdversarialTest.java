package dev.llmsuite.gateway;

import dev.llmsuite.servicetesting.adversarial.AdversarialContract;
import dev.llmsuite.servicetesting.adversarial.Endpoint;
import dev.llmsuite.servicetesting.adversarial.Field;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.ArrayList;
import java.util.List;

import static dev.llmsuite.servicetesting.adversarial.Field.integer;
import static dev.llmsuite.servicetesting.adversarial.Field.string;

/**
 * Generated malformed requests through the gateway to every POST and PUT route it serves. The services
 * behind are echo servers here, so this checks the gateway's own part of the contract: every body is
 * passed on (nothing is refused or broken on the way), oversized ones get a 413 with OpenAI's error
 * body, and every answer carries an x-request-id. The services' refusals are their own suites' subject.
 */
@QuarkusTest
@WithTestResource(EchoUpstreams.class)
class AdversarialTest extends AdversarialContract {

    /** {@code %test.quarkus.http.limits.max-body-size} of the gateway. */
    private static final long BODY_LIMIT = 1024L * 1024;
    private static final String BODY = "{\"model\":\"m\",\"input\":\"a text\",\"max_tokens\":3}";
    private static final String KEY = "sk-test-tenant";
    private static final Field[] FIELDS = {string("model"), string("input"), integer("max_tokens")};

    @Override
    protected List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String path : List.of("/v1/tokenize", "/v1/detokenize", "/v1/tokens/count", "/v1/embeddings", "/v1/similarity",
                "/v1/rank", "/v1/analogy", "/v1/completions", "/v1/chat/completions", "/v1/explain/attention", "/v1/pricing/estimate",
                "/v1/pricing/estimate/languages", "/v1/pricing/models", "/v1/pricing/models/gpt-4o/prices",
                "/v1/pricing/self-hosted/gpt-4o/apply")) {
            endpoints.add(Endpoint.post(path, KEY, BODY, BODY_LIMIT, FIELDS).forwardedUnread());
        }
        endpoints.add(Endpoint.put("/v1/budgets/acme", KEY, BODY, BODY_LIMIT, FIELDS).forwardedUnread());
        return endpoints;
    }

    @Override
    protected int probesPerEndpoint() {
        return 40;
    }
}
