package dev.llmsuite.transformer.generate;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Splits real multilingual text at every kind of byte boundary and compares with the JDK's one-shot decode. */
class Utf8AssemblerTest {

    private static final String TEXT = "Once upon a time — naïve café, 北京欢迎你, Привет, emoji 🦙🚀 and ∑ math.";

    @Test
    void piecesReassembleIntoTheWholeTextWithoutBrokenCharacters() {
        byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            Utf8Assembler assembler = new Utf8Assembler();
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (at < bytes.length) {
                int len = Math.min(bytes.length - at, 1 + random.nextInt(4));
                String piece = assembler.append(Arrays.copyOfRange(bytes, at, at + len));
                assertFalse(piece.contains("\uFFFD"), "a character was emitted broken");
                out.append(piece);
                at += len;
            }
            out.append(assembler.finish());
            assertEquals(new String(bytes, StandardCharsets.UTF_8), out.toString());
        }
    }

    @Test
    void anUnfinishedCharacterAtTheEndBecomesReplacement() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        Utf8Assembler assembler = new Utf8Assembler();
        assertEquals("a", assembler.append(new byte[]{'a', euro[0], euro[1]}));
        assertEquals(new String(new byte[]{euro[0], euro[1]}, StandardCharsets.UTF_8), assembler.finish());
    }
}
