package dev.llmsuite.transformer.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Incremental detokenization: tokens carry bytes, and one character may be split across tokens
 * (byte-fallback tokens <0xE2> <0x80> <0x99> or a byte-level BPE piece ending mid-character).
 * Bytes are released as text only once the character they belong to is complete, so a stream
 * never shows a broken character. Bytes that can never form a character become U+FFFD.
 */
final class Utf8Assembler {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Appends a token's bytes and returns the text that is now complete (possibly empty). */
    String append(byte[] bytes) {
        pending.write(bytes, 0, bytes.length);
        byte[] all = pending.toByteArray();
        int complete = completePrefixLength(all);
        pending.reset();
        pending.write(all, complete, all.length - complete);
        return new String(all, 0, complete, StandardCharsets.UTF_8);
    }

    /** Whatever is still held at the end of generation, with an unfinished character as U+FFFD. */
    String finish() {
        String rest = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return rest;
    }

    /**
     * Length of the prefix that ends on a character boundary: only the last (up to 3) bytes can
     * be the start of a character still waiting for its continuation bytes.
     */
    static int completePrefixLength(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue;
            }
            int needed = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
