package dev.llmsuite.tokenizer.pretokenize;

import dev.llmsuite.reference.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The hand-written scanners split exactly as java.util.regex does with tiktoken's official
 * pattern: over the whole shared corpus and over random Unicode text.
 */
class ScannerEquivalenceTest {

    static Stream<Arguments> scanners() {
        return Stream.of(
                Arguments.of("cl100k", PreTokenizer.CL100K, PreTokenizer.regex(PreTokenizer.CL100K_PATTERN)),
                Arguments.of("o200k", PreTokenizer.O200K, PreTokenizer.regex(PreTokenizer.O200K_PATTERN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scanners")
    void splitsTheCorpusLikeTheRegex(String name, PreTokenizer scanner, PreTokenizer regex) throws IOException {
        for (String file : new String[] {"en.txt", "ru.txt", "de.txt", "zh.txt", "code.txt"}) {
            String text = Files.readString(SharedData.corpus(file));
            assertSameSplit(scanner, regex, text, file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scanners")
    void splitsRandomUnicodeLikeTheRegex(String name, PreTokenizer scanner, PreTokenizer regex) {
        RandomText random = new RandomText(20_260_101L + name.hashCode());
        for (int i = 0; i < 30_000; i++) {
            assertSameSplit(scanner, regex, random.next(12, true), "random string #" + i);
        }
    }

    private static void assertSameSplit(PreTokenizer scanner, PreTokenizer regex, String text, String what) {
        Utf8Text utf8 = Utf8Text.of(text);
        int[] expected = regex.pieceEnds(text, utf8);
        int[] actual = scanner.pieceEnds(text, utf8);
        if (!Arrays.equals(expected, actual)) {
            assertArrayEquals(expected, actual, () -> what + ": " + escape(text));
        }
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(400).forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp) : String.format("\\u{%X}", cp)));
        return out.toString();
    }
}
