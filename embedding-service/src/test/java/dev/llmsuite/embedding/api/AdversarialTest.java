package dev.llmsuite.embedding.api;

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

/** Generated malformed requests against every POST endpoint of the embedding-service. */
@QuarkusTest
class AdversarialTest extends AdversarialContract {

    /** Quarkus's default {@code quarkus.http.limits.max-body-size} (10240K). */
    private static final long BODY_LIMIT = 10240L * 1024;
    private static final String KEY = PlatformContract.TEST_KEY;

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                Endpoint.post("/v1/embeddings", KEY, "{\"model\":\"all-minilm-l6-v2\",\"input\":[\"The cat sat.\",\"A dog ran.\"]}", BODY_LIMIT,
                        string("model").required(), oneOf("input", STRING, ARRAY).required(), string("input[1]").required(),
                        string("encoding_format"), integer("dimensions"), string("user"), bool("truncate")),
                Endpoint.post("/v1/embeddings", KEY, "{\"model\":\"all-minilm-l6-v2\",\"input\":[[7592,2088],[2088]],\"encoding_format\":\"base64\"}",
                        BODY_LIMIT, oneOf("input", STRING, ARRAY).required(), integer("input[0][1]").required(),
                        string("encoding_format")),
                Endpoint.post("/v1/similarity", KEY, "{\"texts\":[\"a cat\",\"a dog\"]}", BODY_LIMIT,
                        string("model"), array("texts"), string("texts[1]").required(), array("pairs"), bool("truncate")),
                Endpoint.post("/v1/similarity", KEY, "{\"pairs\":[[\"a cat\",\"a dog\"]],\"truncate\":true}", BODY_LIMIT,
                        array("pairs"), array("pairs[0]").required(), string("pairs[0][1]").required(), bool("truncate")),
                Endpoint.post("/v1/rank", KEY, "{\"query\":\"bread\",\"documents\":[\"Bake the dough.\",\"Cats sleep.\"],\"top_k\":1}", BODY_LIMIT,
                        string("query").required(), array("documents").required(), string("documents[0]").required(),
                        integer("top_k"), bool("truncate"), string("model")),
                Endpoint.post("/v1/analogy", KEY, "{\"positive\":[\"king\",\"woman\"],\"negative\":[\"man\"],\"candidates\":[\"queen\",\"car\"]}",
                        BODY_LIMIT, array("positive").required(), string("positive[0]").required(), array("negative"),
                        string("negative[0]").required(), array("candidates").required(), string("candidates[1]").required(),
                        integer("top_k"), bool("truncate"), string("model")));
    }
}
