package dev.llmsuite.tokenizer.pretokenize;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * {@link Utf8Text} takes the JDK's encoder where it can and encodes by hand where a lone surrogate
 * must become U+FFFD (as in tiktoken), including text that is ASCII apart from such surrogates,
 * where the JDK's output has exactly one byte per char. The reference replaces every lone
 * surrogate code point first and only then encodes.
 */
class Utf8TextTest {

    @Test
    void asciiWithLoneSurrogatesAndQuestionMarks() {
        for (String text : new String[] {"", "a", "a?b", "a\uD800b", "?\uDC00?", "\uD800", "\uDFFF?", "what? \uD83D",
                "x\uD83D\uDE00?", "caf\u00E9?\uDC00", "\u4E2D\uD800\u6587", "\uDC00\uD800"}) {
            assertUtf8(text);
        }
    }

    @Test
    void nonAsciiWithSurrogatePairsAndLoneSurrogates() {
        // Paired surrogates keep the JDK's fast encoding; any lone one must still become U+FFFD.
        for (String text : new String[] {"caf\u00E9 \uD83D\uDE00", "\u00E9\uD83D", "\u00E9\uDE00\uD83D",
                "\u00E9\uD83D\uDE00\uDE00", "\uD83D\uDE00\u4E2D\uD83D\uD83D\uDE00", "\u4E2D\uD83D\uDE00?"}) {
            assertUtf8(text);
        }
    }

    @Test
    void randomText() {
        RandomText random = new RandomText(11);
        for (int i = 0; i < 2_000; i++) {
            assertUtf8(random.next(12, i % 2 == 0));
        }
    }

    private static void assertUtf8(String text) {
        int[] replaced = text.codePoints().map(cp -> Character.isSurrogate((char) cp) && cp < 0x10000 ? 0xFFFD : cp).toArray();
        byte[] expected = new String(replaced, 0, replaced.length).getBytes(StandardCharsets.UTF_8);
        Utf8Text utf8 = Utf8Text.of(text);
        assertArrayEquals(expected, Arrays.copyOf(utf8.bytes(), utf8.length()), () -> "for " + text.chars().boxed().toList());
    }
}
