package dev.llmsuite.tokens;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.llmsuite.tokens.Api.asTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The BERT-uncased WordPiece vocabulary of all-MiniLM-L6-v2, with Hugging Face tokenizers as the reference. */
@QuarkusTest
class WordPieceEndpointTest {

    static final List<String> TEXTS = List.of("Hello, World! Don't panic.", "naïve café Ångström",
            "unbelievable tokenization", "中文 and emoji 😀", "");

    static HuggingFaceTokenizer reference;

    @BeforeAll
    static void loadReference() throws IOException {
        try (InputStream in = WordPieceEndpointTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            reference = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"));
        }
    }

    @AfterAll
    static void closeReference() {
        reference.close();
    }

    @Test
    void tokenizesLikeHuggingFaceWithTheClsSepFrame() {
        JsonPath body = asTenant().body(Map.of("texts", TEXTS, "model", "all-MiniLM-L6-v2"))
                .post("/v1/tokenize").then().statusCode(200).extract().jsonPath();
        assertEquals("all-minilm-l6-v2", body.getString("encoding"));
        for (int i = 0; i < TEXTS.size(); i++) {
            long[] expected = reference.encode(TEXTS.get(i), true, false).getIds();
            long[] actual = body.getList("data[" + i + "].tokens", Integer.class).stream().mapToLong(Integer::longValue).toArray();
            assertEquals(Arrays.toString(expected), Arrays.toString(actual), TEXTS.get(i));
        }
    }

    @Test
    void countsIncludeTheFrameAsTheModelSeesIt() {
        asTenant().body(Map.of("text", TEXTS.getFirst(), "encoding", "all-minilm-l6-v2"))
                .post("/v1/tokens/count").then().statusCode(200)
                .body("data[0].counts[0]", equalTo(reference.encode(TEXTS.getFirst(), true, false).getIds().length));
    }

    @Test
    void listsTheVocabularyWithItsFrameTokens() {
        asTenant().get("/v1/encodings").then().statusCode(200)
                .body("data.find { it.name == 'all-minilm-l6-v2' }.family", equalTo("wordpiece"))
                .body("data.find { it.name == 'all-minilm-l6-v2' }.vocabulary_size", equalTo(30522))
                .body("data.find { it.name == 'all-minilm-l6-v2' }.special_tokens.'[CLS]'", equalTo(101));
    }
}
