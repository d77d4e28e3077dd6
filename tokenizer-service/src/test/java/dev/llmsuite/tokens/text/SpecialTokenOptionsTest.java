package dev.llmsuite.tokens.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmsuite.openai.OpenAiException;
import dev.llmsuite.tokenizer.encodings.Encodings;
import dev.llmsuite.tokenizer.encodings.TiktokenEncoding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request options against tiktoken's documented semantics, without the HTTP layer. */
class SpecialTokenOptionsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final TiktokenEncoding CL100K = Encodings.get("cl100k_base");

    static SpecialTokenOptions parse(String allowed, String disallowed) throws Exception {
        JsonNode a = allowed == null ? null : JSON.readTree(allowed);
        JsonNode d = disallowed == null ? null : JSON.readTree(disallowed);
        return SpecialTokenOptions.parse(a, d, CL100K.specialTokens());
    }

    @Test
    void byDefaultNothingIsAllowedAndNothingRejected() throws Exception {
        SpecialTokenOptions options = parse(null, null);
        options.check(List.of("<|endoftext|>"));
        assertArrayEquals(CL100K.encode("<|endoftext|>"), CL100K.encode("<|endoftext|>", options.policy()));
    }

    @Test
    void disallowedAllRejectsEverySpecialTokenThatIsNotAllowed() throws Exception {
        SpecialTokenOptions options = parse("[\"<|endoftext|>\"]", "\"all\"");
        assertEquals(Set.of("<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>"), options.rejected());
        options.check(List.of("ok <|endoftext|>"));
        OpenAiException e = assertThrows(OpenAiException.class, () -> options.check(List.of("fine", "x<|fim_middle|>")));
        assertEquals(400, e.status());
        assertEquals("disallowed_special", e.param());
    }

    /** tiktoken reports the special token found first in the text, whichever order the options list them in. */
    @Test
    void strictModeNamesTheFirstDisallowedTokenInTheText() throws Exception {
        SpecialTokenOptions options = parse(null, "\"all\"");
        for (String[] textAndFirst : new String[][] {
                {"a <|fim_suffix|> b <|endoftext|> c <|fim_prefix|>", "<|fim_suffix|>"},
                {"<|endofprompt|><|fim_middle|>", "<|endofprompt|>"},
                {"x<|endoftext|>", "<|endoftext|>"}}) {
            OpenAiException e = assertThrows(OpenAiException.class, () -> options.check(List.of("clean", textAndFirst[0])));
            assertTrue(e.getMessage().contains(textAndFirst[1]), e.getMessage());
            for (String other : CL100K.specialTokens().keySet()) {
                assertTrue(other.equals(textAndFirst[1]) || !e.getMessage().contains(other), e.getMessage());
            }
        }
    }

    @Test
    void aDisallowedListRejectsOnlyThoseListed() throws Exception {
        SpecialTokenOptions options = parse(null, "[\"<|fim_prefix|>\"]");
        options.check(List.of("<|endoftext|> stays plain text"));
        assertThrows(OpenAiException.class, () -> options.check(List.of("<|fim_prefix|>")));
    }

    @Test
    void namesThatAreNotSpecialTokensOfTheEncodingAreRejected() {
        OpenAiException e = assertThrows(OpenAiException.class, () -> parse("[\"<|im_start|>\"]", null));
        assertEquals("allowed_special[0]", e.param());
        assertThrows(OpenAiException.class, () -> parse("\"everything\"", null));
        assertThrows(OpenAiException.class, () -> parse(null, "true"));
    }
}
