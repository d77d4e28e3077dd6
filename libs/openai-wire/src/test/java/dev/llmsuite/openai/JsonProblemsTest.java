package dev.llmsuite.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strict binding ({@link StrictJson}) and how each refusal is explained ({@link JsonProblems}). */
class JsonProblemsTest {

    record Options(@JsonProperty("include_usage") Boolean includeUsage) {
    }

    record Body(String user, Integer n, @JsonProperty("max_tokens") Integer maxTokens, Long seed, Double temperature,
                Boolean stream, int[] tokens, List<String> texts, List<Integer> ids, Map<String, Double> bias,
                BigDecimal price, @JsonProperty("stream_options") Options streamOptions, JsonNode prompt) {
    }

    /** Internals a client must never read in a message. */
    static final Pattern INTERNALS = Pattern.compile("`|java\\.|jackson|Feature|Constraints|Exception|dev\\.llmsuite|\\$");

    private static final ObjectMapper MAPPER = StrictJson.apply(new ObjectMapper());

    private static OpenAiException refusal(String json) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> MAPPER.readValue(json, Body.class), json);
        OpenAiException explained = JsonProblems.explain(e);
        assertEquals(400, explained.status());
        assertFalse(INTERNALS.matcher(explained.getMessage()).find(), explained.getMessage());
        return explained;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"n\":\"1\"}                      | n            | expected an integer, got a string",
        "{\"max_tokens\":1.5}               | max_tokens   | expected an integer, got a decimal number",
        "{\"temperature\":\"0\"}            | temperature  | expected a number, got a string",
        "{\"user\":42}                      | user         | expected a string, got an integer",
        "{\"user\":true}                    | user         | expected a string, got a boolean",
        "{\"stream\":\"true\"}              | stream       | expected a boolean, got a string",
        "{\"stream\":1}                     | stream       | expected a boolean, got an integer",
        "{\"tokens\":\"x\"}                 | tokens       | expected an array, got a string",
        "{\"tokens\":[null]}                | tokens[0]    | expected an integer, got null",
        "{\"tokens\":[1, 2.5]}              | tokens[1]    | expected an integer, got a decimal number",
        "{\"texts\":[\"a\", 3]}             | texts[1]     | expected a string, got an integer",
        "{\"texts\":{}}                     | texts        | expected an array, got an object",
        "{\"ids\":[\"1\"]}                  | ids[0]       | expected an integer, got a string",
        "{\"bias\":{\"5\":\"1\"}}           | bias.5       | expected a number, got a string",
        "{\"bias\":[]}                      | bias         | expected an object, got an array",
        "{\"stream_options\":\"yes\"}       | stream_options | expected an object, got a string",
        "{\"stream_options\":{\"include_usage\":\"yes\"}} | stream_options.include_usage | expected a boolean, got a string",
        "{\"price\":\"1.5\"}                | price        | expected a number, got a string",
    })
    void aWrongTypeNamesTheFieldAndTheTypeExpected(String json, String param, String message) {
        OpenAiException e = refusal(json);
        assertEquals(param, e.param());
        assertTrue(e.getMessage().contains("'" + param + "'") && e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"max_tokens\":2147483648}        | max_tokens",
        "{\"seed\":9223372036854775808}     | seed",
        "{\"tokens\":[99999999999]}         | tokens[0]",
    })
    void aNumberOutOfRangeNamesTheFieldAndTheRange(String json, String param) {
        OpenAiException e = refusal(json);
        assertEquals(param, e.param());
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void aDuplicateKeyIsRefusedWhereverItIs() {
        OpenAiException top = refusal("{\"n\":1,\"n\":2}");
        assertEquals("n", top.param());
        assertTrue(top.getMessage().contains("more than once"), top.getMessage());
        OpenAiException nested = refusal("{\"stream_options\":{\"include_usage\":true,\"include_usage\":false}}");
        assertEquals("stream_options.include_usage", nested.param());
        OpenAiException inNode = refusal("{\"prompt\":{\"a\":1,\"a\":2}}");
        assertEquals("prompt.a", inNode.param());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"n\":1} xyz",
        "{\"n\":1}{\"n\":2}",
        "{\"n\":1,}",
        "{'n':1}",
        "{\"n\":NaN}",
        "{\"n\":01}",
        "{\"n\":1 /* comment */}",
        "{\"user\":\"a\\x\"}",
        "{\"n\":",
        "{\"ids\":[1,2",
        "{\"n\":+1}",
    })
    void malformedJsonIsExplainedWithoutParserInternals(String json) {
        OpenAiException e = refusal(json);
        assertTrue(e.getMessage().startsWith("The request body is not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("line 1, column"), e.getMessage());
    }

    @Test
    void extremeNestingAndNumbersAreExplainedWithoutParserInternals() {
        OpenAiException deep = refusal("{\"prompt\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
        assertTrue(deep.getMessage().contains("nested"), deep.getMessage());
        OpenAiException longNumber = refusal("{\"temperature\":1" + "0".repeat(5000) + "}");
        assertTrue(longNumber.getMessage().contains("digits"), longNumber.getMessage());
    }

    @Test
    void unknownFieldsAreAccepted() throws Exception {
        Body body = MAPPER.readValue("{\"n\":2,\"logit_bias_v2\":{\"x\":[1,{}]},\"metadata\":null}", Body.class);
        assertEquals(2, body.n());
        assertNull(body.user());
    }

    @Test
    void integersAreAcceptedWhereANumberBelongs() throws Exception {
        assertEquals(1.0, MAPPER.readValue("{\"temperature\":1}", Body.class).temperature());
        assertEquals(new BigDecimal("2.50"), MAPPER.readValue("{\"price\":2.50}", Body.class).price());
    }
}
