package dev.llmsuite.transformer.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Activations quantized as llama.cpp's CPU backend quantizes them before a K-quant matrix
 * product (its Q8_K format): per 256 values one float scale {@code d} and integers in -127..127,
 * {@code x ~ d * q}, where the value of largest magnitude maps to exactly -127. Alongside, the sum
 * of every 16 integers (for the sub-block offsets). The integers are kept as pairs for the kernels
 * (see {@link RowGroupLanes}): one int per pair of values, its low half the even value, which a
 * kernel broadcasts to every row's two 16-bit lanes.
 */
public final class Q8KActivation {

    public static final int SUPER_BLOCK = 256;

    private static final VectorSpecies<Float> FLOATS = VectorDot.F;
    /** Adding 1.5 * 2^23 rounds a float below 2^22 to the nearest integer, ties to even, in its low mantissa bits. */
    private static final float ROUNDING_MAGIC = 12582912f;
    private static final int ROUNDING_MAGIC_BITS = 0x4B400000;

    private final int positions;
    private final int superBlocks;
    /** {@code d} per position and super-block. */
    final float[] scales;
    /** Sum of each 16 integers, per position. */
    final int[] sums16;
    /** The sums of each 16 and of each 32 integers as floats, per position, for the batched kernels' mins. */
    private final float[] floatSums16;
    private final float[] floatSums32;
    /** Per position, super-block and pair step p: q[2p] in the low 16 bits, q[2p + 1] in the high. */
    final int[] pairs;
    /**
     * {@link #pairs} for four-bit fields read without masks: in each run of four pair steps (one
     * lane of a nibble block, see {@link Q4KKernel}), step k's halves less 16 times step k - 1's.
     */
    final int[] nibblePairs;

    private Q8KActivation(int positions, int superBlocks) {
        this.positions = positions;
        this.superBlocks = superBlocks;
        this.scales = new float[positions * superBlocks];
        this.sums16 = new int[positions * superBlocks * 16];
        this.floatSums16 = new float[positions * superBlocks * 16];
        this.floatSums32 = new float[positions * superBlocks * 8];
        this.pairs = new int[positions * superBlocks * SUPER_BLOCK / 2];
        this.nibblePairs = new int[pairs.length];
    }

    /**
     * Quantizes {@code positions} rows of {@code columns} values (a multiple of 256) from
     * {@code x[from ...]}. A prompt's super-blocks are split over the thread team: the product
     * waits for its input, so a quantization on the caller alone would keep the other threads
     * idle.
     */
    public static Q8KActivation quantize(float[] x, int from, int positions, int columns) {
        Q8KActivation a = new Q8KActivation(positions, columns / SUPER_BLOCK);
        Parallel.forRange(positions * a.superBlocks, 4L * SUPER_BLOCK, (first, end) -> {
            int[] levels = new int[SUPER_BLOCK];
            for (int block = first; block < end; block++) {
                a.scales[block] = quantizeBlock(x, from + block * SUPER_BLOCK, levels);
                for (int g = 0; g < 16; g++) {
                    int sum = 0;
                    for (int i = 16 * g; i < 16 * g + 16; i++) {
                        sum += levels[i];
                    }
                    a.sums16[block * 16 + g] = sum;
                    a.floatSums16[block * 16 + g] = sum;
                    a.floatSums32[block * 8 + g / 2] += sum;
                }
                for (int p = 0; p < SUPER_BLOCK / 2; p++) {
                    a.pairs[block * SUPER_BLOCK / 2 + p] = (levels[2 * p] & 0xFFFF) | levels[2 * p + 1] << 16;
                    boolean runStart = p % 4 == 0;
                    int even = levels[2 * p] - (runStart ? 0 : 16 * levels[2 * p - 2]);
                    int odd = levels[2 * p + 1] - (runStart ? 0 : 16 * levels[2 * p - 1]);
                    a.nibblePairs[block * SUPER_BLOCK / 2 + p] = (even & 0xFFFF) | odd << 16;
                }
            }
        });
        return a;
    }

    /** llama.cpp's {@code quantize_row_q8_K_ref} for one super-block: returns d, writes the integers. */
    private static float quantizeBlock(float[] x, int at, int[] levels) {
        FloatVector largest = FloatVector.zero(FLOATS);
        int i = 0;
        for (; i < FLOATS.loopBound(SUPER_BLOCK); i += FLOATS.length()) {
            largest = largest.max(FloatVector.fromArray(FLOATS, x, at + i).abs());
        }
        float amax = largest.reduceLanes(VectorOperators.MAX);
        for (; i < SUPER_BLOCK; i++) {
            amax = Math.max(amax, Math.abs(x[at + i]));
        }
        if (amax == 0) {
            java.util.Arrays.fill(levels, 0);
            return 0f;
        }
        float max = 0;
        for (int j = 0; j < SUPER_BLOCK; j++) {
            if (Math.abs(x[at + j]) == amax) {
                max = x[at + j];
                break;
            }
        }
        float inverse = -127f / max;
        for (i = 0; i < FLOATS.loopBound(SUPER_BLOCK); i += FLOATS.length()) {
            FloatVector.fromArray(FLOATS, x, at + i).mul(inverse).add(ROUNDING_MAGIC)
                    .reinterpretAsInts().sub(ROUNDING_MAGIC_BITS).min(127).intoArray(levels, i);
        }
        for (; i < SUPER_BLOCK; i++) {
            levels[i] = Math.min(127, (int) Math.rint(inverse * x[at + i]));
        }
        return 1 / inverse;
    }

    public int positions() {
        return positions;
    }

    public int superBlocks() {
        return superBlocks;
    }

    /** The scale d of one super-block of one position. */
    public float scale(int position, int superBlock) {
        return scales[position * superBlocks + superBlock];
    }

    /** Integer i of one position (for tests against llama.cpp's quantizer). */
    public int level(int position, int i) {
        int pair = pairs[pairBase(position, 0) + i / 2];
        return i % 2 == 0 ? (short) pair : pair >> 16;
    }

    /** Offset of a position's pairs for super-block b in {@link #pairs}. */
    int pairBase(int position, int superBlock) {
        return (position * superBlocks + superBlock) * SUPER_BLOCK / 2;
    }

    /** Sum of the integers j * 16 .. j * 16 + 15 of a super-block. */
    int sum16(int position, int superBlock, int j) {
        return sums16[(position * superBlocks + superBlock) * 16 + j];
    }

    /** The sums of each {@code size} (16 or 32) integers as floats, for every position and super-block. */
    float[] floatSums(int size) {
        return switch (size) {
            case 16 -> floatSums16;
            case 32 -> floatSums32;
            default -> throw new IllegalArgumentException("sums of " + size + " integers");
        };
    }

    /** Offset of a position's sums of {@code size} integers for super-block b in {@link #floatSums}. */
    int floatSumsBase(int position, int superBlock, int size) {
        return (position * superBlocks + superBlock) * (SUPER_BLOCK / size);
    }
}
