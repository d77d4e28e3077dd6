package dev.llmsuite.transformer.kernels;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Half floats stored two to an int, so that the attention kernels widen them as they read them:
 * one int vector load brings two rows of {@code L} halves (a vector's lanes), the low halves one
 * row and the high halves the other. Widening in the kernels lets the CPU fetch the next cache
 * lines while it multiplies; a tile first widened into scratch by a loop of its own is read with
 * nothing else in flight, and attention over a half-float cache in memory took twice as long.
 *
 * <p>The Vector API has no half-float conversion, so a float is rebuilt from the bits: the half,
 * shifted to the top of the int and back down arithmetically by 3, has its exponent and mantissa
 * where a float keeps them and copies of its sign in the three bits above the exponent; clearing
 * those (and the bits below the mantissa) leaves a float 2^-112 times the half (the exponent biases
 * differ by 112), and a multiply by 2^112 rebiases it exactly, subnormals included. A half
 * infinity or NaN would come out as a finite float of magnitude 2^16 to 2^17, so the cache stores
 * none: keys and values are saturated to the half range when written ({@link #toHalf}).
 *
 * <p>Layouts, with {@code L} the vector width in floats: a key tile of {@code n} dimension rows
 * ({@link KeyScores#storedRow} order) of {@code stride} keys keeps rows {@code 2m} and
 * {@code 2m + 1} in int row m. A value vector of {@code n} dimensions with an even number of whole
 * chunks of L dimensions keeps chunks {@code 2c} and {@code 2c + 1} in int chunk c, and the
 * dimensions past the last whole chunk two to an int after them; with an odd number, all its
 * dimensions two to an int in order. Either way an even {@code n} takes no more bytes than halves.
 */
public final class PairedHalves {

    static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, VectorDot.F.vectorShape());
    /** 2^112: a half's bits, shifted into a float's places, make a float 2^-112 times the half. */
    static final float REBIAS = 0x1p112f;
    /**
     * The bits kept of a half shifted to the top of an int and down by 3: its sign, exponent and
     * mantissa, where a float keeps them. A kernel widens the low half of each lane with
     * {@code pairs.lanewise(LSHL, 16).lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS)}
     * and the high half the same without the first shift. Spelled out in every kernel: a helper
     * method taking or returning the vectors boxes them wherever C2 leaves it a call (see
     * {@link RowGroupLanes}). Helpers did this widening until 2026-12-08, when 4 of 11 runs of
     * {@code BlockedAttentionTest} at 128 bits failed its scratch check: a JFR allocation
     * profile put the boxes in them, called from {@link VectorAxpy}'s half-float weighing.
     */
    static final int HALF_BITS = 0x8FFF_E000;
    private static final float HALF_MAX = 65504f;

    private PairedHalves() {
    }

    /** {@code x} rounded to the nearest half float, saturated to the largest finite half. */
    public static short toHalf(float x) {
        return Float.floatToFloat16(Math.clamp(x, -HALF_MAX, HALF_MAX));
    }

    /** The half at {@code index} of {@code pairs} (half index: int {@code index / 2}, low half when even), widened. */
    public static float half(int[] pairs, int index) {
        return Float.float16ToFloat((short) (pairs[index >> 1] >> ((index & 1) << 4)));
    }

    /** The int holding {@code low} and {@code high} as halves ({@link #toHalf}). */
    public static int pair(float low, float high) {
        return (toHalf(low) & 0xFFFF) | toHalf(high) << 16;
    }

    /**
     * Writes a value vector of {@code n} dimensions ({@code v[from ...]}) as {@link #valueIndex}
     * lays it out, from int {@code at} of {@code pairs}.
     */
    public static void writeValue(float[] v, int from, int n, int[] pairs, int at) {
        int lanes = VectorDot.F.length();
        int chunks = n / lanes;
        int paired = chunks % 2 == 0 ? chunks * lanes : 0;
        for (int c = 0; c * lanes < paired; c += 2) {
            for (int l = 0; l < lanes; l++) {
                pairs[at + c / 2 * lanes + l] = pair(v[from + c * lanes + l], v[from + (c + 1) * lanes + l]);
            }
        }
        for (int d = paired; d < n; d += 2) {
            pairs[at + d / 2] = pair(v[from + d], d + 1 < n ? v[from + d + 1] : 0f);
        }
    }

    /**
     * Whether the kernels can read tiles of {@code n}-dimensional keys and values, {@code stride}
     * positions to a tile, where they are stored: when the tile's keys fill whole vectors and the
     * dimensions whole runs of four vectors (head sizes 64, 128 and 256 do). Other tiles are
     * widened into floats first.
     */
    public static boolean readInPlace(int n, int stride) {
        int lanes = VectorDot.F.length();
        return n % (4 * lanes) == 0 && stride % lanes == 0;
    }

    /** Ints of a key tile with {@code n} dimension rows of {@code stride} keys. */
    public static int keyTileInts(int n, int stride) {
        return (n + 1) / 2 * stride;
    }

    /** Half index, within its tile, of key {@code j}'s dimension in stored row {@code row}. */
    public static int keyIndex(int row, int j, int stride) {
        return ((row >> 1) * stride + j) * 2 + (row & 1);
    }

    /** Ints of one stored value vector of {@code n} dimensions. */
    public static int valueInts(int n) {
        return (n + 1) / 2;
    }

    /** Half index, within its vector, of dimension {@code d} of a stored value vector of {@code n} dimensions. */
    public static int valueIndex(int d, int n) {
        int lanes = VectorDot.F.length();
        int chunks = n / lanes;
        if (chunks % 2 == 1 || d >= chunks * lanes) {
            return d;
        }
        int chunk = d / lanes;
        return ((chunk >> 1) * lanes + d % lanes) * 2 + (chunk & 1);
    }

    /** Widens a key tile ({@code n} rows of {@code stride} keys from int {@code tile}) into {@code out}, row after row. */
    public static void widenKeys(int[] pairs, int tile, int stride, int n, float[] out) {
        int lanes = VectorDot.F.length();
        for (int m = 0; m < (n + 1) / 2; m++) {
            int j = 0;
            for (; j + lanes <= stride; j += lanes) {
                IntVector rows = IntVector.fromArray(INTS, pairs, tile + m * stride + j);
                rows.lanewise(LSHL, 16).lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).intoArray(out, 2 * m * stride + j);
                if (2 * m + 1 < n) {
                    rows.lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).intoArray(out, (2 * m + 1) * stride + j);
                }
            }
            for (; j < stride; j++) {
                for (int row = 2 * m; row < Math.min(n, 2 * m + 2); row++) {
                    out[row * stride + j] = half(pairs, tile * 2 + keyIndex(row, j, stride));
                }
            }
        }
    }

    /**
     * Widens {@code count} value vectors of {@code n} dimensions (from int {@code at}) into
     * {@code out} from {@code outAt}, one after another.
     */
    public static void widenValues(int[] pairs, int at, int count, int n, float[] out, int outAt) {
        int lanes = VectorDot.F.length();
        int chunks = n / lanes;
        int stride = valueInts(n);
        int paired = chunks % 2 == 0 ? chunks * lanes : 0;
        for (int p = 0; p < count; p++) {
            int from = at + p * stride;
            int to = outAt + p * n;
            for (int c = 0; c * lanes < paired; c += 2) {
                IntVector pair = IntVector.fromArray(INTS, pairs, from + c / 2 * lanes);
                pair.lanewise(LSHL, 16).lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).intoArray(out, to + c * lanes);
                pair.lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).intoArray(out, to + (c + 1) * lanes);
            }
            for (int d = paired; d < n; d++) {
                out[to + d] = half(pairs, from * 2 + valueIndex(d, n));
            }
        }
    }
}
