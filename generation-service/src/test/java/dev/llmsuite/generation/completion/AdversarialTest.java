package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.servicetesting.PlatformContract;
import dev.llmsuite.servicetesting.adversarial.AdversarialContract;
import dev.llmsuite.servicetesting.adversarial.Endpoint;
import dev.llmsuite.servicetesting.adversarial.Field;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.ArrayList;
import java.util.List;

import static dev.llmsuite.servicetesting.adversarial.Field.array;
import static dev.llmsuite.servicetesting.adversarial.Field.bool;
import static dev.llmsuite.servicetesting.adversarial.Field.integer;
import static dev.llmsuite.servicetesting.adversarial.Field.number;
import static dev.llmsuite.servicetesting.adversarial.Field.object;
import static dev.llmsuite.servicetesting.adversarial.Field.oneOf;
import static dev.llmsuite.servicetesting.adversarial.Field.string;
import static dev.llmsuite.servicetesting.adversarial.JsonKind.ARRAY;
import static dev.llmsuite.servicetesting.adversarial.JsonKind.STRING;

/** Generated malformed requests against completions, chat completions and the attention explainer, with the real stories260K model. */
@QuarkusTest
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class AdversarialTest extends AdversarialContract {

    /** Quarkus's default {@code quarkus.http.limits.max-body-size} (10240K). */
    private static final long BODY_LIMIT = 10240L * 1024;
    private static final String KEY = PlatformContract.TEST_KEY;
    private static final String MODEL = "\"model\":\"" + Stories260kModel.NAME + "\"";

    /** The sampling fields both endpoints share. */
    private static List<Field> sampling(Field... more) {
        List<Field> fields = new ArrayList<>(List.of(string("model").required(), integer("max_tokens"), number("temperature"),
                number("top_p"), integer("n"), bool("stream"), object("stream_options"), integer("seed"), oneOf("stop", STRING, ARRAY),
                number("presence_penalty"), number("frequency_penalty"), object("logit_bias"), string("user"), integer("top_k"),
                number("min_p"), number("repetition_penalty")));
        fields.addAll(List.of(more));
        return fields;
    }

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                Endpoint.post("/v1/completions", KEY, "{" + MODEL + ",\"prompt\":\"Once upon a time\",\"max_tokens\":3,\"temperature\":0}",
                        BODY_LIMIT, sampling(oneOf("prompt", STRING, ARRAY).required(), integer("logprobs"), bool("echo"), string("suffix"),
                                integer("best_of"))),
                Endpoint.post("/v1/completions", KEY, "{" + MODEL + ",\"prompt\":[[1,2,3],\"Once\"],\"max_tokens\":2,\"n\":2,"
                                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"logit_bias\":{\"5\":-1}}", BODY_LIMIT,
                        oneOf("prompt", STRING, ARRAY).required(), integer("prompt[0][1]").required(),
                        object("stream_options"), bool("stream_options.include_usage"), number("logit_bias.5"),
                        integer("n")),
                Endpoint.post("/v1/chat/completions", KEY, "{" + MODEL + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}],\"max_tokens\":3}", BODY_LIMIT,
                        sampling(array("messages").required(), object("messages[0]").required(), string("messages[0].role").required(),
                                oneOf("messages[0].content", STRING, ARRAY), oneOf("messages[1].content", STRING, ARRAY),
                                object("messages[1].content[0]").required(), string("messages[1].content[0].text").required(),
                                integer("max_completion_tokens"), bool("logprobs"), integer("top_logprobs"), array("tools"),
                                object("response_format"))),
                Endpoint.post("/v1/explain/attention", KEY, "{" + MODEL + ",\"prompt\":\"Once upon a time\",\"layer\":1,\"head\":2}",
                        BODY_LIMIT, List.of(string("model").required(), string("prompt").required(), integer("layer"), integer("head"))));
    }

    /** Completions run the model, so fewer per endpoint keep the suite within CI's minutes. */
    @Override
    protected int probesPerEndpoint() {
        return 100;
    }
}
