package dev.llmsuite.tokens;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.llmsuite.tokens.Api.asTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class DetokenizeEndpointTest {

    @Test
    void decodesJtokkitsTokensBackToTheText() {
        String text = "Round trip: 数学 ∑ 🚀 — «quotes»\r\n\ttabs";
        for (String encoding : List.of("r50k_base", "cl100k_base", "o200k_base")) {
            asTenant().body(Map.of("tokens", Jtokkit.ids(encoding, text), "encoding", encoding))
                    .post("/v1/detokenize").then().statusCode(200)
                    .body("text", equalTo(text))
                    .body("valid_utf8", equalTo(true))
                    .body("bytes_base64", nullValue());
        }
    }

    @Test
    void decodesSpecialTokensToTheirText() {
        asTenant().body(Map.of("tokens", List.of(100257), "model", "gpt-4"))
                .post("/v1/detokenize").then().statusCode(200)
                .body("encoding", equalTo("cl100k_base"))
                .body("text", equalTo("<|endoftext|>"));
    }

    @Test
    void tokensEndingInsideACharacterComeBackAsBase64Bytes() {
        List<Integer> ids = Jtokkit.ids("cl100k_base", "🚀");
        assertEquals(true, ids.size() > 1, "the emoji must span several tokens for this test to mean anything");
        List<Integer> partial = ids.subList(0, 1);
        byte[] expected = Jtokkit.tokenBytes("cl100k_base", partial.getFirst());
        String base64 = asTenant().body(Map.of("tokens", partial, "encoding", "cl100k_base"))
                .post("/v1/detokenize").then().statusCode(200)
                .body("valid_utf8", equalTo(false))
                .body("text", equalTo(new String(expected, StandardCharsets.UTF_8)))
                .extract().path("bytes_base64");
        assertArrayEquals(expected, Base64.getDecoder().decode(base64));
    }
}
