package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.PairedHalves.HALF_BITS;
import static dev.llmsuite.transformer.kernels.PairedHalves.INTS;
import static dev.llmsuite.transformer.kernels.PairedHalves.REBIAS;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Attention scores of one query against a tile of cached keys stored dimension by dimension
 * ({@code keys[tile + storedRow(d, n) * stride + j]} is dimension d of key j), one key per vector
 * lane: a dot product per key becomes multiply-adds per dimension, with no lanes to read out per key.
 *
 * <p>The dimensions are stored in the order in which the kernel reads them ({@link #storedRow}),
 * so that it streams through a tile front to back. In dimension order its reads would jump
 * around the tile (four dimensions of one lane class, then four of the next chunk...), and the
 * CPU's prefetchers, which follow sequential reads, would not fetch ahead: measured over 38 MB
 * of contiguous key tiles, that scored at 11 GB/s on one core, where streaming reads run at 25.
 *
 * <p>Each score is added up in exactly the order in which the engine scored keys stored as rows
 * (two vector accumulators over alternate chunks of {@code L} dimensions, their sum's lanes added
 * first to last, then the leftover dimensions), in which its agreement with llama.cpp is tested:
 * with {@code L} the vector width, for each lane class
 * {@code l < L} two fused multiply-add chains, over the whole chunks of L dimensions with even
 * and with odd index, added together; the L class sums added from the first to the last; the
 * dimensions past the last whole chunk added one product at a time. A score is therefore the same
 * in a vector lane and in the scalar tail, wherever its key sits in the tile.
 */
public final class KeyScores {

    private static final VectorSpecies<Float> F = VectorDot.F;

    private KeyScores() {
    }

    /**
     * Where dimension {@code d} of keys with {@code n} dimensions is stored in a tile, in rows of
     * {@code stride} floats: the position of its row in the order {@link #score} reads rows. For
     * each group of four lane classes {@code l .. l + 3}, the chunks of {@code L} dimensions two by
     * two (four rows of the even chunk, four of the odd one), a last odd chunk's four rows; then
     * the dimensions past the last whole chunk in order.
     */
    public static int storedRow(int d, int n) {
        int lanes = F.length();
        int chunks = n / lanes;
        if (d >= chunks * lanes) {
            return d;
        }
        int c = d / lanes;
        int l = d % lanes;
        return l / 4 * 4 * chunks + c / 2 * 8 + c % 2 * 4 + l % 4;
    }

    /**
     * {@code out[outOffset + j] = q[qOffset ...] . key j} for the keys {@code from <= j < to} of
     * the tile at {@code tile}, whose dimensions ({@code n} of them, in {@link #storedRow} order)
     * are {@code stride} floats apart; {@code out} holds {@code stride} scores from {@code outOffset}.
     *
     * <p>Vectors score whole lane-aligned runs of the tile, including the keys just outside
     * {@code [from, to)} that share a vector with keys inside it: whatever those slots hold (a
     * partly filled block's unused positions), their scores land in {@code out} outside the range
     * and are not read. The last block of a sequence is usually partly filled, and at short
     * contexts scoring its keys one by one took as long as all the rest of attention.
     */
    public static void score(float[] q, int qOffset, float[] keys, int tile, int stride, int from, int to, int n, float[] out, int outOffset) {
        int lanes = F.length();
        int chunks = n / lanes;
        int j = from - from % lanes;
        for (; j < to && j + lanes <= stride; j += lanes) {
            FloatVector sum = FloatVector.zero(F);
            for (int l = 0; l < lanes; l += 4) {
                int group = tile + j + l * chunks * stride;
                FloatVector even0 = FloatVector.zero(F);
                FloatVector odd0 = FloatVector.zero(F);
                FloatVector even1 = FloatVector.zero(F);
                FloatVector odd1 = FloatVector.zero(F);
                FloatVector even2 = FloatVector.zero(F);
                FloatVector odd2 = FloatVector.zero(F);
                FloatVector even3 = FloatVector.zero(F);
                FloatVector odd3 = FloatVector.zero(F);
                int c = 0;
                for (; c + 1 < chunks; c += 2) {
                    int d = c * lanes + l;
                    int at = group + c * 4 * stride;
                    even0 = FloatVector.fromArray(F, keys, at).fma(FloatVector.broadcast(F, q[qOffset + d]), even0);
                    even1 = FloatVector.fromArray(F, keys, at + stride).fma(FloatVector.broadcast(F, q[qOffset + d + 1]), even1);
                    even2 = FloatVector.fromArray(F, keys, at + 2 * stride).fma(FloatVector.broadcast(F, q[qOffset + d + 2]), even2);
                    even3 = FloatVector.fromArray(F, keys, at + 3 * stride).fma(FloatVector.broadcast(F, q[qOffset + d + 3]), even3);
                    int e = d + lanes;
                    int next = at + 4 * stride;
                    odd0 = FloatVector.fromArray(F, keys, next).fma(FloatVector.broadcast(F, q[qOffset + e]), odd0);
                    odd1 = FloatVector.fromArray(F, keys, next + stride).fma(FloatVector.broadcast(F, q[qOffset + e + 1]), odd1);
                    odd2 = FloatVector.fromArray(F, keys, next + 2 * stride).fma(FloatVector.broadcast(F, q[qOffset + e + 2]), odd2);
                    odd3 = FloatVector.fromArray(F, keys, next + 3 * stride).fma(FloatVector.broadcast(F, q[qOffset + e + 3]), odd3);
                }
                // An odd last chunk, spelled out again: a loop that breaks out before its odd half
                // (no repeated lines) scores at half the speed.
                if (c < chunks) {
                    int d = c * lanes + l;
                    int at = group + c * 4 * stride;
                    even0 = FloatVector.fromArray(F, keys, at).fma(FloatVector.broadcast(F, q[qOffset + d]), even0);
                    even1 = FloatVector.fromArray(F, keys, at + stride).fma(FloatVector.broadcast(F, q[qOffset + d + 1]), even1);
                    even2 = FloatVector.fromArray(F, keys, at + 2 * stride).fma(FloatVector.broadcast(F, q[qOffset + d + 2]), even2);
                    even3 = FloatVector.fromArray(F, keys, at + 3 * stride).fma(FloatVector.broadcast(F, q[qOffset + d + 3]), even3);
                }
                sum = l == 0 ? even0.add(odd0) : sum.add(even0.add(odd0));
                sum = sum.add(even1.add(odd1)).add(even2.add(odd2)).add(even3.add(odd3));
            }
            for (int d = chunks * lanes; d < n; d++) {
                sum = sum.add(FloatVector.fromArray(F, keys, tile + storedRow(d, n) * stride + j).mul(q[qOffset + d]));
            }
            sum.intoArray(out, outOffset + j);
        }
        for (j = Math.max(j, from); j < to; j++) {
            float sum = 0;
            for (int l = 0; l < lanes; l++) {
                float even = 0;
                float odd = 0;
                for (int c = 0; c < chunks; c++) {
                    int d = c * lanes + l;
                    float key = keys[tile + storedRow(d, n) * stride + j];
                    if (c % 2 == 0) {
                        even = Math.fma(key, q[qOffset + d], even);
                    } else {
                        odd = Math.fma(key, q[qOffset + d], odd);
                    }
                }
                sum = l == 0 ? even + odd : sum + (even + odd);
            }
            for (int d = chunks * lanes; d < n; d++) {
                sum += keys[tile + storedRow(d, n) * stride + j] * q[qOffset + d];
            }
            out[outOffset + j] = sum;
        }
    }

    /**
     * {@link #score} of a whole tile of keys stored as half floats two to an int
     * ({@link PairedHalves}: stored rows {@code 2m} and {@code 2m + 1} in int row m, {@code tile}
     * counted in ints), widened as they are read: the same bits as scoring the widened tile, added
     * up in the same order. Only for the shapes that {@link PairedHalves#readInPlace} accepts:
     * whole vectors of keys and an even number of chunks, so none of the float kernel's tails.
     */
    public static void score(float[] q, int qOffset, int[] keys, int tile, int stride, int n, float[] out, int outOffset) {
        int lanes = F.length();
        int chunks = n / lanes;
        for (int j = 0; j < stride; j += lanes) {
            FloatVector sum = FloatVector.zero(F);
            for (int l = 0; l < lanes; l += 4) {
                int group = tile + j + l * chunks / 2 * stride;
                FloatVector even0 = FloatVector.zero(F);
                FloatVector odd0 = FloatVector.zero(F);
                FloatVector even1 = FloatVector.zero(F);
                FloatVector odd1 = FloatVector.zero(F);
                FloatVector even2 = FloatVector.zero(F);
                FloatVector odd2 = FloatVector.zero(F);
                FloatVector even3 = FloatVector.zero(F);
                FloatVector odd3 = FloatVector.zero(F);
                // One chunk per step into the even chains, which then trade names with the odd ones:
                // half the spelled-out conversions of two chunks per step, which put the method over
                // C2's node budget (the last conversions then ran as calls on boxed vectors).
                for (int c = 0; c < chunks; c++) {
                    int d = c * lanes + l;
                    int at = group + c * 2 * stride;
                    IntVector rows01 = IntVector.fromArray(INTS, keys, at);
                    IntVector rows23 = IntVector.fromArray(INTS, keys, at + stride);
                    even0 = rows01.lanewise(LSHL, 16).lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS)
                            .fma(FloatVector.broadcast(F, q[qOffset + d]), even0);
                    even1 = rows01.lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS)
                            .fma(FloatVector.broadcast(F, q[qOffset + d + 1]), even1);
                    even2 = rows23.lanewise(LSHL, 16).lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS)
                            .fma(FloatVector.broadcast(F, q[qOffset + d + 2]), even2);
                    even3 = rows23.lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS)
                            .fma(FloatVector.broadcast(F, q[qOffset + d + 3]), even3);
                    FloatVector swap0 = even0;
                    even0 = odd0;
                    odd0 = swap0;
                    FloatVector swap1 = even1;
                    even1 = odd1;
                    odd1 = swap1;
                    FloatVector swap2 = even2;
                    even2 = odd2;
                    odd2 = swap2;
                    FloatVector swap3 = even3;
                    even3 = odd3;
                    odd3 = swap3;
                }
                sum = l == 0 ? even0.add(odd0) : sum.add(even0.add(odd0));
                sum = sum.add(even1.add(odd1)).add(even2.add(odd2)).add(even3.add(odd3));
            }
            sum.intoArray(out, outOffset + j);
        }
    }

    /**
     * {@link #score(float[], int, int[], int, int, int, float[], int)} of {@code count} queries at
     * once, 2 or 4: query k at {@code q[queries[first + k] ...]}, its scores into
     * {@code out[outOffset + k * stride ...]}. The same bits as one call per query, each half-float
     * row widened once for all of them. The queries are those that see the tile alike: the query
     * heads of one key/value head (grouped-query attention) and the rows of a prompt chunk that
     * see the whole tile. One query at a time widened every key once per query, and widening took
     * more instructions than the multiply-adds. Two lane classes at a time (the two halves of one
     * int row), each with its even and odd chains per query: 16 accumulators for four queries, the
     * most that leave registers for the widened rows. The last two queries sit behind one
     * condition that does not change inside the loops, which C2 unswitches.
     */
    public static void scoreQueries(float[] q, int[] queries, int first, int count, int[] keys, int tile, int stride, int n, float[] out,
                                    int outOffset) {
        if (count != 2 && count != 4) {
            throw new IllegalArgumentException(count + " queries; 2 or 4 are scored together");
        }
        boolean four = count == 4;
        int q0 = queries[first];
        int q1 = queries[first + 1];
        int q2 = four ? queries[first + 2] : q0;
        int q3 = four ? queries[first + 3] : q0;
        int lanes = F.length();
        int chunks = n / lanes;
        for (int j = 0; j < stride; j += lanes) {
            FloatVector sum0 = FloatVector.zero(F);
            FloatVector sum1 = FloatVector.zero(F);
            FloatVector sum2 = FloatVector.zero(F);
            FloatVector sum3 = FloatVector.zero(F);
            for (int l = 0; l < lanes; l += 2) {
                int rows = tile + j + (l / 4 * 2 * chunks + l % 4 / 2) * stride;
                FloatVector evenLow0 = FloatVector.zero(F);
                FloatVector oddLow0 = FloatVector.zero(F);
                FloatVector evenHigh0 = FloatVector.zero(F);
                FloatVector oddHigh0 = FloatVector.zero(F);
                FloatVector evenLow1 = FloatVector.zero(F);
                FloatVector oddLow1 = FloatVector.zero(F);
                FloatVector evenHigh1 = FloatVector.zero(F);
                FloatVector oddHigh1 = FloatVector.zero(F);
                FloatVector evenLow2 = FloatVector.zero(F);
                FloatVector oddLow2 = FloatVector.zero(F);
                FloatVector evenHigh2 = FloatVector.zero(F);
                FloatVector oddHigh2 = FloatVector.zero(F);
                FloatVector evenLow3 = FloatVector.zero(F);
                FloatVector oddLow3 = FloatVector.zero(F);
                FloatVector evenHigh3 = FloatVector.zero(F);
                FloatVector oddHigh3 = FloatVector.zero(F);
                for (int c = 0; c < chunks; c++) {
                    int d = c * lanes + l;
                    IntVector pair = IntVector.fromArray(INTS, keys, rows + c * 2 * stride);
                    FloatVector low = pair.lanewise(LSHL, 16).lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS);
                    FloatVector high = pair.lanewise(ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS);
                    evenLow0 = low.fma(FloatVector.broadcast(F, q[q0 + d]), evenLow0);
                    evenHigh0 = high.fma(FloatVector.broadcast(F, q[q0 + d + 1]), evenHigh0);
                    evenLow1 = low.fma(FloatVector.broadcast(F, q[q1 + d]), evenLow1);
                    evenHigh1 = high.fma(FloatVector.broadcast(F, q[q1 + d + 1]), evenHigh1);
                    FloatVector swap = evenLow0;
                    evenLow0 = oddLow0;
                    oddLow0 = swap;
                    swap = evenHigh0;
                    evenHigh0 = oddHigh0;
                    oddHigh0 = swap;
                    swap = evenLow1;
                    evenLow1 = oddLow1;
                    oddLow1 = swap;
                    swap = evenHigh1;
                    evenHigh1 = oddHigh1;
                    oddHigh1 = swap;
                    if (four) {
                        evenLow2 = low.fma(FloatVector.broadcast(F, q[q2 + d]), evenLow2);
                        evenHigh2 = high.fma(FloatVector.broadcast(F, q[q2 + d + 1]), evenHigh2);
                        evenLow3 = low.fma(FloatVector.broadcast(F, q[q3 + d]), evenLow3);
                        evenHigh3 = high.fma(FloatVector.broadcast(F, q[q3 + d + 1]), evenHigh3);
                        swap = evenLow2;
                        evenLow2 = oddLow2;
                        oddLow2 = swap;
                        swap = evenHigh2;
                        evenHigh2 = oddHigh2;
                        oddHigh2 = swap;
                        swap = evenLow3;
                        evenLow3 = oddLow3;
                        oddLow3 = swap;
                        swap = evenHigh3;
                        evenHigh3 = oddHigh3;
                        oddHigh3 = swap;
                    }
                }
                sum0 = l == 0 ? evenLow0.add(oddLow0) : sum0.add(evenLow0.add(oddLow0));
                sum0 = sum0.add(evenHigh0.add(oddHigh0));
                sum1 = l == 0 ? evenLow1.add(oddLow1) : sum1.add(evenLow1.add(oddLow1));
                sum1 = sum1.add(evenHigh1.add(oddHigh1));
                if (four) {
                    sum2 = l == 0 ? evenLow2.add(oddLow2) : sum2.add(evenLow2.add(oddLow2));
                    sum2 = sum2.add(evenHigh2.add(oddHigh2));
                    sum3 = l == 0 ? evenLow3.add(oddLow3) : sum3.add(evenLow3.add(oddLow3));
                    sum3 = sum3.add(evenHigh3.add(oddHigh3));
                }
            }
            sum0.intoArray(out, outOffset + j);
            sum1.intoArray(out, outOffset + stride + j);
            if (four) {
                sum2.intoArray(out, outOffset + 2 * stride + j);
                sum3.intoArray(out, outOffset + 3 * stride + j);
            }
        }
    }
}
