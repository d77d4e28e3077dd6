package dev.llmsuite.tokenizer.bpe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The hash by which {@link RankTable} finds byte sequences, computed over a slice of any array so
 * that no key object is created. It reads eight bytes at a time (most pieces are one read and one
 * multiplication), which matters because every piece of every text is hashed. Slices are also
 * compared eight bytes at a time ({@link #word}, {@link #equal}): pieces are short, and a byte
 * loop or a call into {@code Arrays.equals} costs more than the few loads.
 */
public final class SliceHash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private SliceHash() {
    }

    /** The hash of {@code b[from, to)}. */
    public static long of(byte[] b, int from, int to) {
        long h = (to - from) * MULTIPLIER;
        int i = from;
        for (; to - i > 8; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * MULTIPLIER;
            h ^= h >>> 29;
        }
        return last(h, word(b, i, to));
    }

    /** {@link #of} of a slice of one to eight bytes, from its {@link #word} and length. */
    static long ofWord(long word, int len) {
        return last(len * MULTIPLIER, word);
    }

    private static long last(long h, long lastWord) {
        h = (h ^ lastWord) * MULTIPLIER;
        return h ^ (h >>> 32);
    }

    /**
     * {@link #word} of a slice of one to eight bytes of an array that has at least eight bytes
     * from {@code from} on (a padded {@code Utf8Text}): one load, no branch.
     */
    static long paddedWord(byte[] b, int from, int len) {
        return (long) LONGS.get(b, from) & (-1L >>> (64 - 8 * len));
    }

    /**
     * The first (up to) eight bytes of {@code b[from, to)}, little-endian, zero above the slice.
     * A short slice is still one load: of the eight bytes from {@code from} when the array has
     * them, else of the eight bytes that end at {@code to}.
     */
    static long word(byte[] b, int from, int to) {
        int len = to - from;
        if (len >= 8) {
            return (long) LONGS.get(b, from);
        }
        if (len > 0 && from + 8 <= b.length) {
            return (long) LONGS.get(b, from) & (-1L >>> (64 - 8 * len));
        }
        return wordAtEnd(b, from, to);
    }

    /** {@link #word} of a short slice too close to the array's end for a load from {@code from}. */
    private static long wordAtEnd(byte[] b, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return 0;
        }
        if (to >= 8) {
            return (long) LONGS.get(b, to - 8) >>> (64 - 8 * len);
        }
        long word = 0;
        for (int i = to - 1; i >= from; i--) {
            word = (word << 8) | (b[i] & 0xFF);
        }
        return word;
    }

    /** Whether {@code a[aFrom, aFrom + len)} and {@code b[bFrom, bFrom + len)} hold the same bytes. */
    static boolean equal(byte[] a, int aFrom, byte[] b, int bFrom, int len) {
        for (int i = 0; i < len; i += 8) {
            int end = Math.min(len, i + 8);
            if (word(a, aFrom + i, aFrom + end) != word(b, bFrom + i, bFrom + end)) {
                return false;
            }
        }
        return true;
    }
}
