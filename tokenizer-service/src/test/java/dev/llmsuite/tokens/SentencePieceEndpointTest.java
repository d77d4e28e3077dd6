package dev.llmsuite.tokens;

import dev.llmsuite.llamacpp.LlamaModel;
import dev.llmsuite.llamacpp.Vocabulary;
import dev.llmsuite.reference.SharedData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.llmsuite.tokens.Api.asTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Llama vocabularies served from llama2.c tokenizer files; llama.cpp, reading the same vocabulary
 * from stories260K.gguf, is the reference.
 */
@QuarkusTest
class SentencePieceEndpointTest {

    static final List<String> PROMPTS = List.of("Once upon a time", "The cat", "Lily saw a big, red ball.",
            "  two leading spaces", "naïve café 🚀", "tabs\tand\nnew lines");

    static LlamaModel llamaCpp;
    static Vocabulary reference;

    @BeforeAll
    static void loadReference() {
        llamaCpp = LlamaModel.load(SharedData.model("stories260K.gguf"));
        reference = llamaCpp.vocabulary();
    }

    @AfterAll
    static void closeReference() {
        llamaCpp.close();
    }

    /** llama.cpp's tokens for user text: no BOS, and control-token spellings stay text, as in the service. */
    static int[] llamaCppTokens(String text) {
        return reference.tokenize(text, false, false);
    }

    @Test
    void tokenizesLikeLlamaCpp() {
        JsonPath body = asTenant().body(Map.of("texts", PROMPTS, "model", "stories260K"))
                .post("/v1/tokenize").then().statusCode(200).extract().jsonPath();
        assertEquals("stories260k", body.getString("encoding"));
        for (int i = 0; i < PROMPTS.size(); i++) {
            int[] expected = llamaCppTokens(PROMPTS.get(i));
            int[] actual = body.getList("data[" + i + "].tokens", Integer.class).stream().mapToInt(Integer::intValue).toArray();
            assertEquals(Arrays.toString(expected), Arrays.toString(actual), PROMPTS.get(i));
        }
    }

    @Test
    void countsLikeLlamaCpp() {
        String text = String.join(" ", PROMPTS);
        asTenant().body(Map.of("text", text, "encoding", "stories260k"))
                .post("/v1/tokens/count").then().statusCode(200)
                .body("data[0].counts[0]", equalTo(llamaCppTokens(text).length));
    }

    @Test
    void controlTokenSpellingsInTextStayPlainText() {
        // llama.cpp parses "<s>" in text as BOS when asked to; the service never lets user text inject one.
        asTenant().body(Map.of("text", "<s> hi </s>", "encoding", "llama2"))
                .post("/v1/tokenize").then().statusCode(200)
                .body("data[0].tokens", not(hasItem(1)))
                .body("data[0].tokens", not(hasItem(2)));
    }

    @Test
    void listsTheLlamaVocabularies() {
        asTenant().get("/v1/encodings").then().statusCode(200)
                .body("data.find { it.name == 'llama2' }.family", equalTo("sentencepiece"))
                .body("data.find { it.name == 'llama2' }.vocabulary_size", equalTo(32000))
                .body("data.find { it.name == 'llama2' }.special_tokens.'<s>'", equalTo(1))
                .body("data.find { it.name == 'llama2' }.models", hasItem("llama-2-7b"))
                .body("data.find { it.name == 'stories260k' }.vocabulary_size", equalTo(512));
    }

    @Test
    void tiktokenOnlyOptionsAreRejectedForSentencePiece() {
        asTenant().body(Map.of("text", "x", "encoding", "llama2", "return_offsets", true))
                .post("/v1/tokenize").then().statusCode(400).body("error.param", equalTo("return_offsets"));
        asTenant().body(Map.of("text", "x", "encoding", "llama2", "allowed_special", "all"))
                .post("/v1/tokenize").then().statusCode(400).body("error.param", equalTo("allowed_special"));
    }

    @Test
    void detokenizesIdsOfTheVocabulary() {
        int[] ids = llamaCppTokens("Once upon a time");
        asTenant().body(Map.of("tokens", ids, "encoding", "stories260k"))
                .post("/v1/detokenize").then().statusCode(200)
                // The pieces one after another, as llama.cpp's server renders tokens (llama_detokenize
                // would also drop the space that SentencePiece puts before the first word).
                .body("text", equalTo(reference.text(ids)));
        asTenant().body(Map.of("tokens", List.of(512), "encoding", "stories260k"))
                .post("/v1/detokenize").then().statusCode(400).body("error.param", equalTo("tokens[0]"));
    }
}
