package dev.llmsuite.tokenizer.bpe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The hash by which {@link RankTable} finds byte sequences, computed over a slice of any array so
 * that no key object is created. It reads eight bytes at a time (most pieces are one read and one
 * multiplication), which matters because every piece of every text is hashed.
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
        for (; i + 8 <= to; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * MULTIPLIER;
            h ^= h >>> 29;
        }
        if (i < to) {
            h = (h ^ tail(b, i, to)) * MULTIPLIER;
        }
        return h ^ (h >>> 32);
    }

    /** The first (up to) eight bytes of {@code b[from, to)}, little-endian. */
    static long head(byte[] b, int from, int to) {
        return to - from >= 8 ? (long) LONGS.get(b, from) : tail(b, from, to);
    }

    private static long tail(byte[] b, int from, int to) {
        long tail = 0;
        for (int i = to - 1; i >= from; i--) {
            tail = (tail << 8) | (b[i] & 0xFF);
        }
        return tail;
    }
}
