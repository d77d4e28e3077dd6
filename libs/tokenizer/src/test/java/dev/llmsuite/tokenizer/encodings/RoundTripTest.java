package dev.llmsuite.tokenizer.encodings;

import dev.llmsuite.tokenizer.pretokenize.RandomText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * decode(encode(s)) == s for arbitrary Unicode: emoji, combining marks, CJK, right-to-left scripts,
 * control characters, whitespace runs. A lone surrogate has no UTF-8 form; like tiktoken we encode
 * it as U+FFFD, so it comes back as U+FFFD.
 */
class RoundTripTest {

    static Stream<String> encodingNames() {
        return Encodings.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodingNames")
    void decodeInvertsEncode(String name) {
        TiktokenEncoding encoding = Encodings.get(name);
        RandomText random = new RandomText(31L + name.hashCode());
        for (int i = 0; i < 5_000; i++) {
            String text = random.next(24, false);
            int[] ids = encoding.encode(text);
            assertEquals(text, encoding.decode(ids));
            assertEquals(ids.length, encoding.count(text));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodingNames")
    void loneSurrogatesComeBackAsReplacementCharacters(String name) {
        TiktokenEncoding encoding = Encodings.get(name);
        RandomText random = new RandomText(97L + name.hashCode());
        for (int i = 0; i < 2_000; i++) {
            String text = random.next(24, true) + "\uD800x\uDC00";
            String replaced = Jtokkit.replaceLoneSurrogates(text);
            assertArrayEquals(encoding.encode(replaced), encoding.encode(text));
            assertEquals(replaced, encoding.decode(encoding.encode(text)));
        }
    }

    @Test
    void partialCharactersDecodeToReplacementButBytesStayExact() {
        TiktokenEncoding cl100k = Encodings.get("cl100k_base");
        int[] ids = cl100k.encode("🙂");
        assertEquals("🙂", cl100k.decode(ids));
        byte[] first = cl100k.decodeBytes(new int[] {ids[0]});
        assertEquals(ids.length > 1, first.length < 4);
        assertThrows(InvalidTokenIdException.class, () -> cl100k.decode(new int[] {100_300}));
    }
}
