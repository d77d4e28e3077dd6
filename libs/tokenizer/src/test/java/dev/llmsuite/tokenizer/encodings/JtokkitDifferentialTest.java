package dev.llmsuite.tokenizer.encodings;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.pretokenize.RandomText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Token for token the same ids as jtokkit, on the shared corpus, random Unicode and adversarial input. */
class JtokkitDifferentialTest {

    private static final List<String> FILES = List.of("en.txt", "ru.txt", "de.txt", "zh.txt", "code.txt");
    /** The encodings with a speed target run on whole files; the others on a prefix, to keep CI quick. */
    private static final int PREFIX_CHARS = 300_000;

    static Stream<Arguments> encodingsAndFiles() {
        List<Arguments> cases = new ArrayList<>();
        for (String encoding : Encodings.names()) {
            for (String file : FILES) {
                cases.add(Arguments.of(encoding, file));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encodingsAndFiles")
    void corpusFile(String encoding, String file) throws IOException {
        String text = Files.readString(SharedData.corpus(file));
        if (!encoding.equals("cl100k_base") && !encoding.equals("o200k_base")) {
            text = text.substring(0, text.lastIndexOf('\n', PREFIX_CHARS) + 1);
        }
        int[] expected = Jtokkit.encodeOrdinary(encoding, text);
        int[] actual = Encodings.get(encoding).encode(text);
        assertSameIds(expected, actual, encoding + " " + file);
        assertEquals(expected.length, Encodings.get(encoding).count(text));
    }

    @Test
    void corpusLineByLineInCl100k() throws IOException {
        TiktokenEncoding ours = Encodings.get("cl100k_base");
        for (String line : Files.readAllLines(SharedData.corpus("en.txt"))) {
            assertArrayEquals(Jtokkit.encodeOrdinary("cl100k_base", line), ours.encode(line), line);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.llmsuite.tokenizer.encodings.JtokkitDifferentialTest#encodingNames")
    void randomUnicode(String encoding) {
        TiktokenEncoding ours = Encodings.get(encoding);
        RandomText random = new RandomText(7_919L + encoding.hashCode());
        for (int i = 0; i < 20_000; i++) {
            String text = random.next(16, true);
            int[] expected = Jtokkit.encodeOrdinary(encoding, Jtokkit.replaceLoneSurrogates(text));
            assertSameIds(expected, ours.encode(text), encoding + " random #" + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.llmsuite.tokenizer.encodings.JtokkitDifferentialTest#encodingNames")
    void adversarialInput(String encoding) {
        TiktokenEncoding ours = Encodings.get(encoding);
        for (String text : List.of("a".repeat(200_000), "x".repeat(70_000) + "y".repeat(70_000), " ".repeat(100_000),
                "\n".repeat(10_000), "1".repeat(10_000), "!".repeat(10_000), LongWord.of(200_000, 42))) {
            assertSameIds(Jtokkit.encodeOrdinary(encoding, text), ours.encode(text), encoding + " adversarial");
        }
    }

    static Stream<String> encodingNames() {
        return Encodings.names().stream();
    }

    static void assertSameIds(int[] expected, int[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            int at = Arrays.mismatch(expected, actual);
            throw new AssertionError(what + ": first difference at token " + at + " of " + expected.length
                    + ", jtokkit " + Arrays.toString(Arrays.copyOfRange(expected, Math.max(0, at - 3), Math.min(expected.length, at + 5)))
                    + " ours " + Arrays.toString(Arrays.copyOfRange(actual, Math.max(0, at - 3), Math.min(actual.length, at + 5))));
        }
    }
}
