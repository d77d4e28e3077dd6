package dev.llmsuite.tokenizer.bytelevel;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * GPT-2's spelling of bytes as printable characters, so a vocabulary of byte strings can be stored
 * as text: printable Latin-1 bytes stand for themselves, the other 68 bytes (controls, space,
 * a few Latin-1 gaps) take the characters from U+0100 upwards in byte order; a space becomes "Ġ".
 */
public final class ByteAlphabet {

    private static final char[] CHAR_OF_BYTE = new char[256];
    private static final int[] BYTE_OF_CHAR = new int[512];

    static {
        Arrays.fill(BYTE_OF_CHAR, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            CHAR_OF_BYTE[b] = c;
            BYTE_OF_CHAR[c] = b;
        }
    }

    private ByteAlphabet() {
    }

    public static String spell(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            s.append(CHAR_OF_BYTE[b & 0xFF]);
        }
        return s.toString();
    }

    public static byte[] bytes(String spelled) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(spelled.length());
        for (int i = 0; i < spelled.length(); i++) {
            char c = spelled.charAt(i);
            int b = c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
            if (b < 0) {
                throw new IllegalArgumentException("'" + spelled + "' is not spelled in GPT-2's byte alphabet");
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}
