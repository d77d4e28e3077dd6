package dev.llmsuite.transformer.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads one K-quant super-block (256 values) as ggml lays it out. Value i decodes to
 * {@code d * scale(j) * (level(i) - levelOffset) - dmin * min(j)} for its sub-block j:
 *
 * <pre>
 * type  bytes  sub-block  level bits            scale            min
 * Q2_K   84    16         2 (qs)                4 bits           4 bits
 * Q3_K  110    16         2 (qs) + 1 (hmask)    6 bits, -32..31  none
 * Q4_K  144    32         4 (qs)                6 bits           6 bits
 * Q5_K  176    32         4 (qs) + 1 (qh)       6 bits           6 bits
 * Q6_K  210    16         4 (ql) + 2 (qh)       8 bits signed    none
 * </pre>
 *
 * Two-bit fields put values l, l+32, l+64, l+96 of each 128-value half into one byte; four-bit
 * fields put values l and l+32 of each 64-value chunk (Q6_K: l and l+64 of each half) into one.
 */
public final class KQuantBlock {

    private KQuantBlock() {
    }

    /** Values per sub-block (one scale each). */
    public static int subBlockSize(TensorType type) {
        return switch (type) {
            case Q4_K, Q5_K -> 32;
            case Q2_K, Q3_K, Q6_K -> 16;
            default -> throw notKQuant(type);
        };
    }

    /** Subtracted from every stored level: levels are unsigned, Q3_K and Q6_K values are signed. */
    public static int levelOffset(TensorType type) {
        return switch (type) {
            case Q3_K -> 4;
            case Q6_K -> 32;
            default -> 0;
        };
    }

    public static boolean hasMins(TensorType type) {
        return type == TensorType.Q2_K || type == TensorType.Q4_K || type == TensorType.Q5_K;
    }

    /** The 256 stored (unsigned) levels of the super-block at {@code block}, into {@code out[at ...]}. */
    public static void levels(TensorType type, MemorySegment data, long block, int[] out, int at) {
        byte[] b = new byte[type.blockBytes];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, block, b, 0, b.length);
        switch (type) {
            case Q2_K -> crumbs(b, 16, out, at);
            case Q3_K -> {
                crumbs(b, 32, out, at);
                for (int i = 0; i < 256; i++) {
                    out[at + i] |= ((b[i % 32] >> (i / 32)) & 1) << 2;
                }
            }
            case Q4_K -> nibbles(b, 16, out, at);
            case Q5_K -> {
                nibbles(b, 48, out, at);
                for (int i = 0; i < 256; i++) {
                    out[at + i] |= ((b[16 + i % 32] >> (i / 32)) & 1) << 4;
                }
            }
            case Q6_K -> {
                for (int half = 0; half < 2; half++) {
                    for (int l = 0; l < 32; l++) {
                        int low0 = b[64 * half + l] & 0xFF;
                        int low1 = b[64 * half + 32 + l] & 0xFF;
                        int high = b[128 + 32 * half + l] & 0xFF;
                        int to = at + 128 * half + l;
                        out[to] = (low0 & 0xF) | (high & 3) << 4;
                        out[to + 32] = (low1 & 0xF) | ((high >> 2) & 3) << 4;
                        out[to + 64] = (low0 >> 4) | ((high >> 4) & 3) << 4;
                        out[to + 96] = (low1 >> 4) | ((high >> 6) & 3) << 4;
                    }
                }
            }
            default -> throw notKQuant(type);
        }
    }

    /** The integer scale of sub-block j (signed for Q3_K and Q6_K). */
    public static int scale(TensorType type, MemorySegment data, long block, int j) {
        return switch (type) {
            case Q2_K -> u8(data, block + j) & 0xF;
            case Q3_K -> {
                int low = (u8(data, block + 96 + j % 8) >> (j < 8 ? 0 : 4)) & 0xF;
                int high = (u8(data, block + 104 + j % 4) >> (2 * (j / 4))) & 3;
                yield (low | high << 4) - 32;
            }
            case Q4_K, Q5_K -> j < 4 ? u8(data, block + 4 + j) & 63
                    : (u8(data, block + 8 + j) & 0xF) | (u8(data, block + j) >> 6) << 4;
            case Q6_K -> data.get(ValueLayout.JAVA_BYTE, block + 192 + j);
            default -> throw notKQuant(type);
        };
    }

    /** The integer min of sub-block j; 0 for the types without mins. */
    public static int min(TensorType type, MemorySegment data, long block, int j) {
        return switch (type) {
            case Q2_K -> u8(data, block + j) >> 4;
            case Q4_K, Q5_K -> j < 4 ? u8(data, block + 8 + j) & 63
                    : (u8(data, block + 8 + j) >> 4) | (u8(data, block + 4 + j) >> 6) << 4;
            case Q3_K, Q6_K -> 0;
            default -> throw notKQuant(type);
        };
    }

    /** The super-block scale of the sub-block scales. */
    public static float d(TensorType type, MemorySegment data, long block) {
        return switch (type) {
            case Q2_K -> half(data, block + 80);
            case Q3_K -> half(data, block + 108);
            case Q4_K, Q5_K -> half(data, block);
            case Q6_K -> half(data, block + 208);
            default -> throw notKQuant(type);
        };
    }

    /** The super-block scale of the sub-block mins; 0 for the types without mins. */
    public static float dmin(TensorType type, MemorySegment data, long block) {
        return switch (type) {
            case Q2_K -> half(data, block + 82);
            case Q4_K, Q5_K -> half(data, block + 2);
            case Q3_K, Q6_K -> 0f;
            default -> throw notKQuant(type);
        };
    }

    /** Four-bit levels: byte l of each 64-value chunk holds values l (low nibble) and l+32 (high). */
    private static void nibbles(byte[] b, int qs, int[] out, int at) {
        for (int chunk = 0; chunk < 4; chunk++) {
            for (int l = 0; l < 32; l++) {
                int packed = b[qs + 32 * chunk + l] & 0xFF;
                out[at + 64 * chunk + l] = packed & 0xF;
                out[at + 64 * chunk + 32 + l] = packed >> 4;
            }
        }
    }

    /** Two-bit levels: byte l of each 128-value half holds values l, l+32, l+64, l+96. */
    private static void crumbs(byte[] b, int qs, int[] out, int at) {
        for (int half = 0; half < 2; half++) {
            for (int l = 0; l < 32; l++) {
                int packed = b[qs + 32 * half + l] & 0xFF;
                for (int k = 0; k < 4; k++) {
                    out[at + 128 * half + 32 * k + l] = (packed >> (2 * k)) & 3;
                }
            }
        }
    }

    private static float half(MemorySegment data, long at) {
        return Float.float16ToFloat(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, at));
    }

    private static int u8(MemorySegment data, long at) {
        return data.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    private static IllegalArgumentException notKQuant(TensorType type) {
        return new IllegalArgumentException(type + " is not a K-quant");
    }
}
