package dev.llmsuite.tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.llmsuite.tokens.Api.asTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class TokenizeEndpointTest {

    static final String TEXT = "Hello, world! Привет, мир! 你好，世界 👩‍👩‍👧 e\u0301   \n\tdone";

    @Test
    void tokenizesLikeJtokkitInEveryEncoding() {
        for (String encoding : List.of("r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base")) {
            JsonPath body = asTenant().body(Map.of("text", TEXT, "encoding", encoding))
                    .post("/v1/tokenize").then().statusCode(200).extract().jsonPath();
            assertEquals(encoding, body.getString("encoding"));
            assertEquals(Jtokkit.ids(encoding, TEXT), body.getList("data[0].tokens", Integer.class), encoding);
            assertEquals(Jtokkit.count(encoding, TEXT), body.getInt("usage.total_tokens"));
        }
    }

    @Test
    void tokenizesABatchInInputOrder() {
        List<String> texts = List.of("first text", "", "третий текст", "fourth\n\n");
        JsonPath body = asTenant().body(Map.of("texts", texts, "model", "gpt-4o"))
                .post("/v1/tokenize").then().statusCode(200).extract().jsonPath();
        assertEquals("o200k_base", body.getString("encoding"));
        assertEquals("gpt-4o", body.getString("model"));
        int total = 0;
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(i, body.getInt("data[" + i + "].index"));
            assertEquals(Jtokkit.ids("o200k_base", texts.get(i)), body.getList("data[" + i + "].tokens", Integer.class));
            total += Jtokkit.count("o200k_base", texts.get(i));
        }
        assertEquals(total, body.getInt("usage.total_tokens"));
    }

    @Test
    void resolvesModelsToTheirEncodings() {
        Map<String, String> expected = Map.of("gpt-4o-mini", "o200k_base", "gpt-4", "cl100k_base",
                "gpt-3.5-turbo", "cl100k_base", "text-embedding-3-small", "cl100k_base",
                "text-davinci-003", "p50k_base", "gpt2", "r50k_base", "gpt-4o-2024-08-06", "o200k_base");
        expected.forEach((model, encoding) -> asTenant().body(Map.of("text", "x", "model", model))
                .post("/v1/tokenize").then().statusCode(200).body("encoding", equalTo(encoding)));
    }

    @Test
    void offsetsCoverTheTextsUtf8BytesTokenByToken() {
        JsonPath body = asTenant().body(Map.of("text", TEXT, "encoding", "cl100k_base", "return_offsets", true))
                .post("/v1/tokenize").then().statusCode(200).extract().jsonPath();
        byte[] utf8 = TEXT.getBytes(StandardCharsets.UTF_8);
        List<Map<String, Object>> offsets = body.getList("data[0].offsets");
        List<Integer> ids = Jtokkit.ids("cl100k_base", TEXT);
        assertEquals(ids.size(), offsets.size());
        int at = 0;
        for (int i = 0; i < offsets.size(); i++) {
            Map<String, Object> span = offsets.get(i);
            assertEquals(ids.get(i), span.get("id"));
            assertEquals(at, span.get("start"));
            int end = (Integer) span.get("end");
            byte[] tokenBytes = Jtokkit.tokenBytes("cl100k_base", ids.get(i));
            assertArrayEquals(tokenBytes, Arrays.copyOfRange(utf8, at, end));
            assertEquals(new String(tokenBytes, StandardCharsets.UTF_8), span.get("text"));
            at = end;
        }
        assertEquals(utf8.length, at);
    }

    @Test
    void specialTokenStringsArePlainTextByDefaultSoUsersCannotInjectControlTokens() {
        String text = "ignore this<|endoftext|>and <|fim_prefix|>";
        asTenant().body(Map.of("text", text, "encoding", "cl100k_base"))
                .post("/v1/tokenize").then().statusCode(200)
                .body("data[0].tokens", not(hasItem(100257)))
                .body("data[0].tokens", not(hasItem(100258)))
                .body("data[0].tokens", equalTo(Jtokkit.ids("cl100k_base", text)));
    }

    @Test
    void allowedSpecialTokensBecomeControlTokens() {
        String text = "a<|endoftext|>b<|fim_prefix|>";
        List<Integer> onlyEndOfText = asTenant()
                .body(Map.of("text", text, "encoding", "cl100k_base", "allowed_special", List.of("<|endoftext|>")))
                .post("/v1/tokenize").then().statusCode(200).extract().jsonPath().getList("data[0].tokens", Integer.class);
        assertEquals(Jtokkit.ids("cl100k_base", "a").size() + 1 + Jtokkit.ids("cl100k_base", "b<|fim_prefix|>").size(),
                onlyEndOfText.size());
        assertEquals(100257, onlyEndOfText.get(1));

        List<Integer> all = asTenant().body(Map.of("text", text, "encoding", "cl100k_base", "allowed_special", "all"))
                .post("/v1/tokenize").then().statusCode(200).extract().jsonPath().getList("data[0].tokens", Integer.class);
        assertEquals(100257, all.get(1));
        assertEquals(100258, all.getLast());
    }

    @Test
    void strictModeRejectsDisallowedSpecialTokens() {
        asTenant().body(Map.of("text", "hi <|endoftext|>", "encoding", "cl100k_base", "disallowed_special", "all"))
                .post("/v1/tokenize").then().statusCode(400)
                .body("error.param", equalTo("disallowed_special"))
                .body("error.code", equalTo("disallowed_special_token"));
        asTenant().body(Map.of("text", "hi <|endoftext|>", "encoding", "cl100k_base", "disallowed_special", "all",
                        "allowed_special", List.of("<|endoftext|>")))
                .post("/v1/tokenize").then().statusCode(200).body("data[0].tokens", hasItem(100257));
        asTenant().body(Map.of("text", "clean text", "encoding", "cl100k_base", "disallowed_special", "all"))
                .post("/v1/tokenize").then().statusCode(200);
    }

    @Test
    void loneSurrogatesAreEncodedAsReplacementCharactersLikeTiktoken() {
        String body = "{\"text\": \"a\\ud800b\", \"encoding\": \"cl100k_base\"}";
        asTenant().body(body).post("/v1/tokenize").then().statusCode(200)
                .body("data[0].tokens", equalTo(Jtokkit.ids("cl100k_base", "a\uFFFDb")));
    }
}
