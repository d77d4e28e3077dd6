package dev.llmsuite.tokens;

import dev.llmsuite.reference.SharedData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static dev.llmsuite.tokens.Api.asTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class CountEndpointTest {

    static String sample(String file, int characters) throws IOException {
        return Files.readString(SharedData.corpus(file)).substring(0, characters);
    }

    @Test
    void countsEveryCorpusFileLikeJtokkit() throws IOException {
        List<String> texts = List.of(sample("en.txt", 50_000), sample("ru.txt", 50_000), sample("de.txt", 50_000),
                sample("zh.txt", 50_000), sample("code.txt", 50_000));
        List<String> encodings = List.of("r50k_base", "p50k_base", "cl100k_base", "o200k_base");
        JsonPath body = asTenant().body(Map.of("texts", texts, "encodings", encodings))
                .post("/v1/tokens/count").then().statusCode(200).extract().jsonPath();
        for (int e = 0; e < encodings.size(); e++) {
            assertEquals(encodings.get(e), body.getString("data[" + e + "].encoding"));
            long total = 0;
            for (int t = 0; t < texts.size(); t++) {
                int expected = Jtokkit.count(encodings.get(e), texts.get(t));
                assertEquals(expected, body.getInt("data[" + e + "].counts[" + t + "]"), encodings.get(e) + " text " + t);
                total += expected;
            }
            assertEquals(total, body.getLong("data[" + e + "].total"));
        }
    }

    @Test
    void russianCostsAboutTwiceTheTokensOfEnglishInCl100kAndMuchLessInO200k() throws IOException {
        // Per character of text: the same amount of writing, in two languages.
        String english = sample("en.txt", 200_000);
        String russian = sample("ru.txt", 200_000);
        JsonPath body = asTenant()
                .body(Map.of("texts", List.of(english, russian), "encodings", List.of("cl100k_base", "o200k_base")))
                .post("/v1/tokens/count").then().statusCode(200).extract().jsonPath();
        double cl100k = body.getDouble("data[0].counts[1]") / body.getDouble("data[0].counts[0]");
        double o200k = body.getDouble("data[1].counts[1]") / body.getDouble("data[1].counts[0]");
        assertEquals(Jtokkit.count("cl100k_base", russian), body.getInt("data[0].counts[1]"));
        assertEquals(Jtokkit.count("o200k_base", russian), body.getInt("data[1].counts[1]"));
        assertTrue(cl100k > 1.7 && cl100k < 2.5, "cl100k_base: Russian/English token ratio " + cl100k);
        assertTrue(o200k < cl100k * 0.8, "o200k_base: Russian/English token ratio " + o200k + " vs cl100k " + cl100k);
    }

    @Test
    void countsOneTextInTheEncodingOfAModel() {
        String text = "How many tokens is this sentence?";
        asTenant().body(Map.of("text", text, "model", "gpt-4o-mini"))
                .post("/v1/tokens/count").then().statusCode(200)
                .body("model", equalTo("gpt-4o-mini"))
                .body("data[0].encoding", equalTo("o200k_base"))
                .body("data[0].counts[0]", equalTo(Jtokkit.count("o200k_base", text)));
    }

    @Test
    void specialTokenStringsCountAsPlainText() {
        String text = "<|endoftext|><|endoftext|>";
        asTenant().body(Map.of("text", text, "encoding", "cl100k_base"))
                .post("/v1/tokens/count").then().statusCode(200)
                .body("data[0].counts[0]", equalTo(Jtokkit.count("cl100k_base", text)));
    }
}
