package dev.llmsuite.gateway.admission;

import dev.llmsuite.gateway.EchoUpstreams;
import dev.llmsuite.servicetesting.adversarial.AdversarialContract;
import dev.llmsuite.servicetesting.adversarial.Endpoint;
import dev.llmsuite.servicetesting.adversarial.Field;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import java.util.List;
import java.util.Map;

import static dev.llmsuite.servicetesting.adversarial.Field.integer;
import static dev.llmsuite.servicetesting.adversarial.Field.string;

/**
 * The generated malformed requests again, to the endpoints whose bodies the gateway reads to estimate
 * tokens (a tokens-per-minute limit is set, high enough to refuse only absurd requests): whatever the
 * body, estimating its tokens must neither fail the request nor keep it from the service.
 */
@QuarkusTest
@WithTestResource(EchoUpstreams.class)
@TestProfile(MeteredAdversarialTest.Metered.class)
class MeteredAdversarialTest extends AdversarialContract {

    public static class Metered implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmsuite.gateway.rate-limit.tokens-per-minute", Long.toString(Long.MAX_VALUE / 4));
        }
    }

    /** {@code %test.quarkus.http.limits.max-body-size} of the gateway. */
    private static final long BODY_LIMIT = 1024L * 1024;
    private static final String BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":3,\"n\":2}";
    private static final Field[] FIELDS = {string("model"), integer("max_tokens"), integer("n")};

    @Override
    protected List<Endpoint> endpoints() {
        return List.of("/v1/chat/completions", "/v1/completions", "/v1/embeddings").stream()
                .map(path -> Endpoint.post(path, "sk-test-tenant", BODY, BODY_LIMIT, FIELDS).forwardedUnread()).toList();
    }

    @Override
    protected int probesPerEndpoint() {
        return 60;
    }
}
