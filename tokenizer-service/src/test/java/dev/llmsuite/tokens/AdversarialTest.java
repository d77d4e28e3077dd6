package dev.llmsuite.tokens;

import dev.llmsuite.servicetesting.PlatformContract;
import dev.llmsuite.servicetesting.adversarial.AdversarialContract;
import dev.llmsuite.servicetesting.adversarial.Endpoint;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

import static dev.llmsuite.servicetesting.adversarial.Field.array;
import static dev.llmsuite.servicetesting.adversarial.Field.bool;
import static dev.llmsuite.servicetesting.adversarial.Field.integer;
import static dev.llmsuite.servicetesting.adversarial.Field.oneOf;
import static dev.llmsuite.servicetesting.adversarial.Field.string;
import static dev.llmsuite.servicetesting.adversarial.JsonKind.ARRAY;
import static dev.llmsuite.servicetesting.adversarial.JsonKind.STRING;

/** Generated malformed requests against every POST endpoint of the tokenizer-service. */
@QuarkusTest
class AdversarialTest extends AdversarialContract {

    /** {@code %test.quarkus.http.limits.max-body-size}. */
    private static final long BODY_LIMIT = 2L * 1024 * 1024;
    private static final String KEY = PlatformContract.TEST_KEY;

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                Endpoint.post("/v1/tokenize", KEY, "{\"text\":\"Hello, world <|endoftext|>\",\"encoding\":\"cl100k_base\"}", BODY_LIMIT,
                        string("text"), array("texts"), string("encoding"), string("model"), oneOf("allowed_special", STRING, ARRAY),
                        oneOf("disallowed_special", STRING, ARRAY), bool("return_offsets")),
                Endpoint.post("/v1/tokenize", KEY, "{\"texts\":[\"Hello\",\"мир\"],\"model\":\"gpt-4o\",\"allowed_special\":[\"<|endoftext|>\"],"
                        + "\"return_offsets\":true}", BODY_LIMIT,
                        array("texts"), string("texts[1]").required(), string("model"), array("allowed_special"),
                        string("allowed_special[0]").required(), bool("return_offsets")),
                Endpoint.post("/v1/detokenize", KEY, "{\"tokens\":[9906,11,1917],\"encoding\":\"cl100k_base\"}", BODY_LIMIT,
                        array("tokens").required(), integer("tokens[1]").required(), string("encoding"), string("model")),
                Endpoint.post("/v1/tokens/count", KEY, "{\"texts\":[\"a\",\"b c\"],\"encodings\":[\"cl100k_base\",\"o200k_base\"]}", BODY_LIMIT,
                        string("text"), array("texts"), string("texts[0]").required(), array("encodings"),
                        string("encodings[1]").required(), string("encoding"), string("model")));
    }
}
