package dev.llmsuite.tokenizer.wordpiece;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.llmsuite.reference.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our WordPiece against Hugging Face's Rust tokenizers (through DJL) on the same
 * all-MiniLM-L6-v2 tokenizer.json: identical ids for corpus lines in five languages and for the
 * characters BERT's normalizer treats specially. This lives with the embedding service because
 * that module carries both the tokenizer.json (in langchain4j's model jar) and the reference.
 */
class WordPieceDifferentialTest {

    static final String TOKENIZER_JSON = "all-minilm-l6-v2-tokenizer.json";
    static final int LINES_PER_CORPUS = 400;

    static WordPieceTokenizer ours;
    static HuggingFaceTokenizer reference;

    @BeforeAll
    static void load() throws IOException {
        ours = TokenizerJson.load("all-minilm-l6-v2", resource());
        try (InputStream in = resource()) {
            reference = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"));
        }
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    static InputStream resource() {
        return WordPieceDifferentialTest.class.getClassLoader().getResourceAsStream(TOKENIZER_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en.txt", "ru.txt", "de.txt", "zh.txt", "code.txt"})
    void corpusLinesGiveIdenticalIds(String corpus) throws IOException {
        List<String> lines;
        try (Stream<String> all = Files.lines(SharedData.corpus(corpus), StandardCharsets.UTF_8)) {
            lines = all.filter(line -> !line.isBlank()).limit(LINES_PER_CORPUS).toList();
        }
        assertTrue(lines.size() > 50, "corpus " + corpus + " is too short for a meaningful comparison");
        for (String line : lines) {
            assertSameIds(line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Hello, World! Don't panic.",
            "naïve café résumé Ångström façade",
            "İstanbul ΣΊΣΥΦΟΣ Straße ﬁnance",
            "emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇫🇷 end",
            "tab\tnewline\nreturn\rvertical\u000Bformfeed\u000Cnel\u0085nbsp\u00A0ideographic\u3000space",
            "control\u0000nul \u0007bell \u200Bzero-width \u200Dzwj \uFEFFbom \uFFFDreplacement \uE000private",
            "中文字符和日本語のかなカナ한국어 𠀀𪜀",
            "combining e\u0301 a\u0308 n\u0303 and precomposed é ä ñ",
            "$100 + 5% = <tag> ^caret `tick` |pipe| ~tilde @at #hash «quotes» „German“ — dash … ellipsis",
            "supercalifragilisticexpialidocioussupercalifragilisticexpialidocioussupercalifragilisticexpialidociousxx tail",
            "int main(void) { return a->b[i] != 0 && x <= y; } // comment",
            "",
            "   ",
    })
    void specialCharactersGiveIdenticalIds(String text) {
        assertSameIds(text);
    }

    /**
     * The one deliberate difference: Hugging Face matches added tokens in raw text, so a user
     * could inject [SEP] mid-sequence; here control tokens appear only as the frame.
     */
    @Test
    void controlTokenStringsInUserTextStayPlainText() {
        String text = "[CLS] literal [SEP] and [MASK] stay text";
        long[] referenceIds = reference.encode(text, true, false).getIds();
        int[] ids = ours.encode(text);
        int cls = ours.vocabulary().id("[CLS]");
        int sep = ours.vocabulary().id("[SEP]");
        assertTrue(Arrays.stream(referenceIds, 1, referenceIds.length - 1).anyMatch(id -> id == cls || id == sep));
        assertTrue(Arrays.stream(ids, 1, ids.length - 1).noneMatch(id -> id == cls || id == sep));
        assertArrayEquals(reference.encode(text.replace('[', '(').replace(']', ')'), true, false).getIds(),
                Arrays.stream(ours.encode(text.replace('[', '(').replace(']', ')'))).asLongStream().toArray());
    }

    @Test
    void decodingMatchesTheReferenceDecoder() {
        for (String text : List.of("Hello, world. How are you?", "unbelievable tokenization results!", "the quick brown fox")) {
            int[] content = ours.encodeContent(text);
            long[] asLongs = Arrays.stream(content).asLongStream().toArray();
            assertEquals(reference.decode(asLongs, true), ours.decode(content), text);
        }
    }

    @Test
    void truncationKeepsTheFrameAndReportsTheOriginalLength() {
        String text = "word ".repeat(300);
        BertEncoding encoding = ours.encodeForModel(text, 256);
        int[] full = ours.encode(text);
        assertEquals(256, encoding.length());
        assertEquals(full.length, encoding.untruncatedLength());
        assertTrue(encoding.truncated());
        assertEquals(full[0], encoding.ids()[0]);
        assertEquals(full[full.length - 1], encoding.ids()[255]);
        assertArrayEquals(Arrays.copyOfRange(full, 1, 255), Arrays.copyOfRange(encoding.ids(), 1, 255));
        assertEquals(256, Arrays.stream(encoding.attentionMask()).sum());
    }

    private static void assertSameIds(String text) {
        Encoding expected = reference.encode(text, true, false);
        long[] expectedIds = expected.getIds();
        int[] actual = ours.encode(text);
        assertArrayEquals(expectedIds, Arrays.stream(actual).asLongStream().toArray(), () -> "ids differ for: " + text);
        assertEquals(Arrays.stream(expected.getAttentionMask()).sum(), ours.encodeForModel(text, Integer.MAX_VALUE).length());
    }
}
