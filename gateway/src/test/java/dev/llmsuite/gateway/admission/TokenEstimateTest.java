package dev.llmsuite.gateway.admission;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenEstimateTest {

    private static long estimate(String path, String body) {
        return TokenEstimate.of(path, Buffer.buffer(body), 1024);
    }

    @Test
    void aCompletionCountsItsPromptAtFourCharactersPerTokenPlusWhatItMayGenerate() {
        assertEquals(3 + 100, estimate("/v1/completions", "{\"model\":\"gpt2-large-model\",\"prompt\":\"Hello world!\",\"max_tokens\":100}"));
        assertEquals(3 + 16, estimate("/v1/completions", "{\"model\":\"m\",\"prompt\":\"Hello world!\"}"), "the service's default of 16");
        assertEquals(3 + 16 * 4, estimate("/v1/completions", "{\"prompt\":[\"Hello world!\"],\"n\":4}"));
        assertEquals(5, estimate("/v1/completions", "{\"prompt\":[1,2,3,4],\"max_tokens\":1}"), "token ids count one each");
    }

    @Test
    void aChatCountsMessageTextButNotRolesAndItsCompletionLimit() {
        String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is 2+2?\"}]}]";
        assertEquals(6 + 50, estimate("/v1/chat/completions", chat + ",\"max_completion_tokens\":50}"));
        assertEquals(6 + 1024, estimate("/v1/chat/completions", chat + "}"), "no limit: the configured allowance");
    }

    @Test
    void embeddingsCountTheirInputOnly() {
        assertEquals(4, estimate("/v1/embeddings", "{\"model\":\"all-minilm-l6-v2\",\"input\":[\"abcdefgh\",\"ijklmnop\"]}"));
    }

    @Test
    void aBodyThatIsNotJsonCountsItsCharacters() {
        assertEquals(3, estimate("/v1/embeddings", "not json!!"));
        assertEquals(0, estimate("/v1/embeddings", ""));
    }
}
