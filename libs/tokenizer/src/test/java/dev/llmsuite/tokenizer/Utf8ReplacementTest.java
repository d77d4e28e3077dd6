package dev.llmsuite.tokenizer;

import dev.llmsuite.tokenizer.encodings.Encodings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Decoding bytes that are not valid UTF-8 the way tiktoken's {@code decode} does (Python's
 * {@code errors="replace"}): one U+FFFD per maximal subpart of an ill-formed sequence, as the
 * Unicode Standard recommends (chapter 3, "U+FFFD Substitution of Maximal Subparts").
 */
class Utf8ReplacementTest {

    /**
     * Expected texts are Python 3's {@code bytes.fromhex(hex).decode("utf-8", "replace")}, with
     * {@code ?} standing for U+FFFD; the first row is the Unicode Standard's own example.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "61F18080E180C262806380BF64, a???b?c??d",
        "EDA080, ???",
        "EDBFBF41, ???A",
        "ED9FBF, \uD7FF",
        "C0AF, ??",
        "E080AF, ???",
        "F4908080, ????",
        "F09F98, ?",
        "F09F9880, \uD83D\uDE00",
        "F888808080, ?????",
        "E282, ?",
        "E28241, ?A",
        "FF, ?",
        "C2, ?",
        "F0, ?",
    })
    void replacesEachMaximalSubpartOnce(String hex, String expected) {
        String decoded = Utf8Replacement.decode(HexFormat.of().parseHex(hex.toLowerCase()));
        assertEquals(expected, decoded.replace('\uFFFD', '?'));
    }

    @Test
    void detokenizingAnEncodedSurrogateGivesThreeReplacementCharactersAsTiktokenDoes() {
        // cl100k ids 169, 254, 222 are the single bytes ED, A0, 80.
        assertEquals("\uFFFD\uFFFD\uFFFD", Encodings.get("cl100k_base").decode(new int[] {169, 254, 222}));
    }

    /**
     * Against the JDK's decoder on random bytes: it follows the same maximal-subpart rule except for
     * UTF-8-encoded surrogates (ED A0..BF xx), which it replaces as one unit; those inputs are skipped.
     */
    @Test
    void agreesWithTheJdkDecoderOutsideEncodedSurrogates() {
        Random random = new Random(20261203L);
        int compared = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) (random.nextInt(4) == 0 ? random.nextInt(128) : 0x80 + random.nextInt(128));
            }
            if (containsEncodedSurrogateLead(bytes)) {
                continue;
            }
            compared++;
            assertEquals(new String(bytes, StandardCharsets.UTF_8), Utf8Replacement.decode(bytes), HexFormat.of().formatHex(bytes));
        }
        assertEquals(true, compared > 150_000, "compared " + compared);
    }

    private static boolean containsEncodedSurrogateLead(byte[] bytes) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0xED && (bytes[i + 1] & 0xFF) >= 0xA0 && (bytes[i + 1] & 0xFF) <= 0xBF) {
                return true;
            }
        }
        return false;
    }
}
