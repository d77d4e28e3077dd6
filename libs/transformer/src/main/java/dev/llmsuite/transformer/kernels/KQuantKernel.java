package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.RowGroupLanes.BLOCK_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.FLOATS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.INTS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.LANES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.LE;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROWS;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROW_BYTES;
import static dev.llmsuite.transformer.kernels.RowGroupLanes.SHORTS;

import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * One K-quant type's repacked layout and kernels. A group of {@link RowGroupLanes#ROWS} rows (or
 * a block of two groups, see {@link #groupsPerBlock()}) is stored super-block by super-block;
 * within a super-block, the per-row floats come first, then the scale bytes and the levels in
 * {@link RowGroupLanes#BLOCK_BYTES}-byte blocks (see {@link RowGroupLanes} for which lane holds
 * which row and value), in the order the type's matrix-vector step reads them: from memory, one
 * ascending stream per thread is what the hardware prefetchers keep up with. Levels follow every
 * run of scale bytes, because those are read eight at a time even when a group has fewer rows.
 *
 * <p>Each type has its own matrix-vector step ({@link #superBlock}), which unpacks levels as it
 * multiplies. The matrix-matrix kernel is shared: a type unpacks two groups' super-blocks into
 * {@link UnpackedGroup}s, which then serve every position. The loops around both are here;
 * results pass between the methods in small int and float arrays (see {@link RowGroupLanes} for
 * why no vector crosses a method boundary). Both reach the same integers per
 * super-block (see {@link UnpackedGroup}) and finish with the same float operations in the same
 * order, per row {@code acc = fma(d * dx, sum, acc)}, {@code accMins = fma(dmin * dx, mins,
 * accMins)} and at the end {@code acc - accMins}, so a row's result for a position does not
 * depend on which kernel ran it or on the other positions of the batch.
 */
public abstract sealed class KQuantKernel permits Q2KKernel, Q3KKernel, Q4KKernel, Q5KKernel, Q6KKernel {

    public static KQuantKernel of(TensorType type) {
        return switch (type) {
            case Q2_K -> new Q2KKernel();
            case Q3_K -> new Q3KKernel();
            case Q4_K -> new Q4KKernel();
            case Q5_K -> new Q5KKernel();
            case Q6_K -> new Q6KKernel();
            default -> throw new IllegalArgumentException(type + " is not a K-quant");
        };
    }

    /** Whether the type has per-sub-block mins (Q2_K, Q4_K, Q5_K); Q3_K and Q6_K centre their levels instead. */
    abstract boolean hasMins();

    /** Bytes of one super-block of one block ({@link #groupsPerBlock()} groups). */
    abstract int groupBlockBytes();

    /**
     * How many blocks of 16 values the batched kernel adds up in 16-bit lanes before widening
     * them: more than one only where those blocks share their scale and min, and a lane's sum over
     * all of them stays within 16 bits whatever the activations (Q4_K: 32-value sub-blocks, levels
     * at most 15, 16 * 15 * 128 < 2^15). Fewer widenings, the same integers.
     */
    int blocksPerFold() {
        return 1;
    }

    /**
     * Row groups stored together, super-block by super-block: 1, or 2 for a type whose
     * matrix-vector step multiplies two groups' levels by each broadcast activation pair (Q4_K),
     * one broadcast per two multiplies. A matrix whose last block has fewer groups stores zero rows
     * in their place.
     */
    int groupsPerBlock() {
        return 1;
    }

    /**
     * Writes one block's super-block: {@code levels[r][i]} are row r's stored levels (as ggml
     * stores them, see {@code gguf.KQuantBlock}), {@code scales}/{@code mins} its sub-block
     * integers, {@code d}/{@code dmin} its super-block scales, for the {@code ROWS *}
     * {@link #groupsPerBlock()} rows of the block. Rows past the matrix are all zero.
     */
    abstract void write(int[][] levels, int[][] scales, int[][] mins, float[] d, float[] dmin, MemorySegment target);

    /**
     * The block's super-block b (at {@code at}) times position t of {@code x}, unpacking as it
     * goes: per row the sum and then the mins of {@link UnpackedGroup}'s integer form into
     * {@code ints}, d and then dmin into {@code scales} (types without mins leave those at zero);
     * of a two-group block, the second group's from {@code 2 * ROWS} in both.
     */
    abstract void superBlock(MemorySegment w, long at, Q8KActivation x, int t, int b, int[] ints, float[] scales);

    /**
     * Up to how many positions {@link #multiply} (one matrix-vector step per position) is used
     * instead of {@link #multiplyMany} (unpacking once for all positions). 3 by default: on
     * 2026-12-07 (one thread, weights from memory) Q3_K, Q5_K and Q6_K were level or faster
     * unpacked at 4 positions, and every type but Q4_K was faster unpacked at 8.
     */
    int matrixVectorPositions() {
        return 3;
    }

    /**
     * Blocks [from, to) (of {@code blockBytes} each, {@link #groupsPerBlock()} groups per block,
     * {@code groups} in all) times each position of {@code x}, one position at a time:
     * {@code out[t * rows + g * ROWS + r]}. A block's super-blocks come from memory for its first
     * position and from cache for the others. Why not the matrix-matrix kernel for a few
     * positions: unpacking streams the weights from memory at a fraction of the rate of these
     * steps (see the README's 2026-12-07 night figures), and that is what a batch of a few
     * decoding sequences is bound by ({@link #matrixVectorPositions()}).
     */
    final void multiply(MemorySegment w, long blockBytes, int from, int to, int groups, int superBlocks, Q8KActivation x, float[] out,
                        int rows) {
        int perBlock = groupsPerBlock();
        int[] ints = new int[4 * ROWS];
        float[] scales = new float[4 * ROWS];
        float[] acc = new float[4 * ROWS];
        for (int block = from; block < to; block++) {
            for (int t = 0; t < x.positions(); t++) {
                java.util.Arrays.fill(acc, 0f);
                for (int b = 0; b < superBlocks; b++) {
                    superBlock(w, block * blockBytes + (long) b * groupBlockBytes(), x, t, b, ints, scales);
                    for (int m = 0; m < perBlock; m++) {
                        foldSuperBlock(scales, x.scale(t, b), ints, 2 * ROWS * m, acc, 2 * ROWS * m);
                    }
                }
                for (int m = 0; m < perBlock && perBlock * block + m < groups; m++) {
                    int g = perBlock * block + m;
                    finish(acc, 2 * ROWS * m, out, t * rows + g * ROWS, g, rows);
                }
            }
        }
    }

    /**
     * Unpacks group {@code member} of the block's super-block at {@code at}: 0, or 0 and 1 where
     * {@link #groupsPerBlock()} is 2.
     */
    abstract void unpack(MemorySegment w, long at, int member, UnpackedGroup into);

    /** Positions multiplied together per pair of unpacked super-blocks by {@link #dotPairs}. */
    private static final int POSITION_TILE = 4;
    /** The tile for the last one or two positions of a batch. */
    private static final int NARROW_TILE = 2;

    /**
     * Pairs of groups [fromPair, toPair) times every position of {@code x}:
     * {@code out[t * rows + g * ROWS + r]}. Pair p is groups 2p and 2p + 1 ({@code groups} in
     * all, stored in blocks of {@link #groupsPerBlock()} groups, {@code groupBytes} each); a last
     * group without a partner is paired with itself and written once. Super-block by super-block, the two groups are unpacked and serve all
     * positions, four at a time; when two or fewer are left, two at a time. A last tile the
     * positions do not fill repeats its last position and folds it once. Why the narrow tile: a
     * batch of 4n + 1 or 4n + 2 positions would otherwise pay four positions' multiplies for its
     * last tile. Why two groups: each broadcast activation pair then serves two level
     * vectors, and the broadcasts, not the multiplies, had bounded the one-group kernel (see the
     * README's 2026-12-07 night figures).
     */
    final void multiplyMany(MemorySegment w, long groupBytes, int fromPair, int toPair, int groups, int superBlocks, Q8KActivation x,
                            float[] out, int rows) {
        int count = x.positions();
        int perBlock = groupsPerBlock();
        UnpackedGroup first = new UnpackedGroup();
        UnpackedGroup second = new UnpackedGroup();
        int[] tile = new int[POSITION_TILE];
        int[] sums = new int[2 * POSITION_TILE * ROWS];
        float[] firstAcc = new float[2 * ROWS * count];
        float[] secondAcc = new float[2 * ROWS * count];
        for (int pair = fromPair; pair < toPair; pair++) {
            int g = 2 * pair;
            int h = Math.min(g + 1, groups - 1);
            java.util.Arrays.fill(firstAcc, 0f);
            java.util.Arrays.fill(secondAcc, 0f);
            for (int b = 0; b < superBlocks; b++) {
                unpack(w, (g / perBlock) * groupBytes + (long) b * groupBlockBytes(), g % perBlock, first);
                unpack(w, (h / perBlock) * groupBytes + (long) b * groupBlockBytes(), h % perBlock, second);
                if (hasMins()) {
                    first.widenMins(blocksPerFold());
                    second.widenMins(blocksPerFold());
                }
                for (int t = 0; t < count; t += POSITION_TILE) {
                    boolean narrow = count - t <= NARROW_TILE;
                    for (int k = 0; k < POSITION_TILE; k++) {
                        tile[k] = Math.min(t + k, count - 1);
                    }
                    dotPairs(first, second, x, b, tile, narrow, sums, blocksPerFold());
                    int tileCount = Math.min(POSITION_TILE, count - t);
                    foldTile(first, x, b, t, tileCount, sums, 0, firstAcc, hasMins(), blocksPerFold());
                    foldTile(second, x, b, t, tileCount, sums, POSITION_TILE * ROWS, secondAcc, hasMins(), blocksPerFold());
                }
            }
            for (int t = 0; t < count; t++) {
                finish(firstAcc, 2 * ROWS * t, out, t * rows + g * ROWS, g, rows);
                if (h != g) {
                    finish(secondAcc, 2 * ROWS * t, out, t * rows + h * ROWS, h, rows);
                }
            }
        }
    }

    /**
     * sum_j scale_j * (value . x)_j for the four positions {@code tile[k]} and both groups:
     * {@code first}'s into {@code sums[k * ROWS ...]}, {@code second}'s into
     * {@code sums[(4 + k) * ROWS ...]}; with {@code narrow}, for the first two positions only (the
     * other sums are left as they were). One method for both, the two extra positions behind one
     * condition that does not change inside the loops: C2 unswitches the loops on it. Per pair step, each group's unpacked levels (one 16-bit
     * lane per row and parity) times each position's pair broadcast, as in the matrix-vector
     * kernels: per block of 8 pair steps a lane's sum stays within 8 * 32 * 127, and is then
     * widened, its row's two lanes added, scaled and summed as integers, the same integers the
     * matrix-vector kernels reach; {@code blocksPerFold} blocks that share a scale are added up
     * before widening (see {@link #blocksPerFold()}). Why not floats: a 16-bit multiply and add
     * cover 32 products, a float multiply-add 16, and the levels need no conversion.
     */
    private static void dotPairs(UnpackedGroup first, UnpackedGroup second, Q8KActivation x, int b, int[] tile, boolean narrow,
                                 int[] sums, int blocksPerFold) {
        int[] pairs = x.pairs;
        short[] levels = first.levels;
        short[] others = second.levels;
        int x0 = x.pairBase(tile[0], b);
        int x1 = x.pairBase(tile[1], b);
        int x2 = x.pairBase(tile[2], b);
        int x3 = x.pairBase(tile[3], b);
        IntVector sum0 = IntVector.zero(INTS);
        IntVector sum1 = IntVector.zero(INTS);
        IntVector sum2 = IntVector.zero(INTS);
        IntVector sum3 = IntVector.zero(INTS);
        IntVector other0 = IntVector.zero(INTS);
        IntVector other1 = IntVector.zero(INTS);
        IntVector other2 = IntVector.zero(INTS);
        IntVector other3 = IntVector.zero(INTS);
        for (int j = 0; j < UnpackedGroup.BLOCKS; j += blocksPerFold) {
            ShortVector q0 = ShortVector.zero(SHORTS);
            ShortVector q1 = ShortVector.zero(SHORTS);
            ShortVector q2 = ShortVector.zero(SHORTS);
            ShortVector q3 = ShortVector.zero(SHORTS);
            ShortVector r0 = ShortVector.zero(SHORTS);
            ShortVector r1 = ShortVector.zero(SHORTS);
            ShortVector r2 = ShortVector.zero(SHORTS);
            ShortVector r3 = ShortVector.zero(SHORTS);
            for (int p = 8 * j; p < 8 * (j + blocksPerFold); p++) {
                ShortVector level = ShortVector.fromArray(SHORTS, levels, p * LANES);
                ShortVector other = ShortVector.fromArray(SHORTS, others, p * LANES);
                ShortVector pair0 = IntVector.broadcast(INTS, pairs[x0 + p]).reinterpretAsShorts();
                q0 = q0.add(level.mul(pair0));
                r0 = r0.add(other.mul(pair0));
                ShortVector pair1 = IntVector.broadcast(INTS, pairs[x1 + p]).reinterpretAsShorts();
                q1 = q1.add(level.mul(pair1));
                r1 = r1.add(other.mul(pair1));
                if (!narrow) {
                    ShortVector pair2 = IntVector.broadcast(INTS, pairs[x2 + p]).reinterpretAsShorts();
                    q2 = q2.add(level.mul(pair2));
                    r2 = r2.add(other.mul(pair2));
                    ShortVector pair3 = IntVector.broadcast(INTS, pairs[x3 + p]).reinterpretAsShorts();
                    q3 = q3.add(level.mul(pair3));
                    r3 = r3.add(other.mul(pair3));
                }
            }
            IntVector scale = IntVector.fromArray(INTS, first.scales, j * ROWS);
            IntVector otherScale = IntVector.fromArray(INTS, second.scales, j * ROWS);
            IntVector wide0 = q0.reinterpretAsInts();
            sum0 = sum0.add(wide0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(wide0.lanewise(VectorOperators.ASHR, 16)).mul(scale));
            IntVector wide1 = q1.reinterpretAsInts();
            sum1 = sum1.add(wide1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(wide1.lanewise(VectorOperators.ASHR, 16)).mul(scale));
            IntVector owide0 = r0.reinterpretAsInts();
            other0 = other0.add(owide0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(owide0.lanewise(VectorOperators.ASHR, 16)).mul(otherScale));
            IntVector owide1 = r1.reinterpretAsInts();
            other1 = other1.add(owide1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(owide1.lanewise(VectorOperators.ASHR, 16)).mul(otherScale));
            if (narrow) {
                continue;
            }
            IntVector wide2 = q2.reinterpretAsInts();
            sum2 = sum2.add(wide2.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(wide2.lanewise(VectorOperators.ASHR, 16)).mul(scale));
            IntVector wide3 = q3.reinterpretAsInts();
            sum3 = sum3.add(wide3.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(wide3.lanewise(VectorOperators.ASHR, 16)).mul(scale));
            IntVector owide2 = r2.reinterpretAsInts();
            other2 = other2.add(owide2.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(owide2.lanewise(VectorOperators.ASHR, 16)).mul(otherScale));
            IntVector owide3 = r3.reinterpretAsInts();
            other3 = other3.add(owide3.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(owide3.lanewise(VectorOperators.ASHR, 16)).mul(otherScale));
        }
        sum0.intoArray(sums, 0);
        sum1.intoArray(sums, ROWS);
        other0.intoArray(sums, 4 * ROWS);
        other1.intoArray(sums, 5 * ROWS);
        if (narrow) {
            return;
        }
        sum2.intoArray(sums, 2 * ROWS);
        sum3.intoArray(sums, 3 * ROWS);
        other2.intoArray(sums, 6 * ROWS);
        other3.intoArray(sums, 7 * ROWS);
    }

    /**
     * The tile's sums ({@code sums[sumsFrom + k * ROWS ...]} for positions {@code first + k}, k below
     * {@code count}) and, where the type has them, their mins, folded into the positions'
     * accumulators with {@link #foldSuperBlock}'s operations. The mins are summed in floats, one
     * multiply-add per sub-block of {@code 16 * blocksPerFold} values ({@link UnpackedGroup#floatMins},
     * {@link Q8KActivation#floatSums}): every partial sum is an integer below 2^24, so the float sum
     * is exactly the integer the matrix-vector kernels convert. Why all positions of a tile in one
     * call, in floats: folding one position at a time, through a scratch array and with integer
     * multiplies, took a large share of a prompt's time (see the README's later 2026-12-07 figures).
     */
    private static void foldTile(UnpackedGroup unpacked, Q8KActivation x, int b, int first, int count, int[] sums, int sumsFrom, float[] acc,
                                 boolean hasMins, int blocksPerFold) {
        FloatVector d = FloatVector.fromArray(FLOATS, unpacked.d, 0);
        FloatVector dmin = FloatVector.fromArray(FLOATS, unpacked.d, ROWS);
        int subBlockSize = 16 * blocksPerFold;
        float[] xsums = x.floatSums(subBlockSize);
        int subBlocks = UnpackedGroup.BLOCKS / blocksPerFold;
        for (int k = 0; k < count; k++) {
            int t = first + k;
            float dx = x.scale(t, b);
            int at = 2 * ROWS * t;
            FloatVector sum = (FloatVector) IntVector.fromArray(INTS, sums, sumsFrom + k * ROWS).convert(VectorOperators.I2F, 0);
            d.mul(dx).fma(sum, FloatVector.fromArray(FLOATS, acc, at)).intoArray(acc, at);
            if (!hasMins) {
                continue;
            }
            int sumsAt = x.floatSumsBase(t, b, subBlockSize);
            FloatVector even = FloatVector.zero(FLOATS);
            FloatVector odd = FloatVector.zero(FLOATS);
            for (int j = 0; j < subBlocks; j += 2) {
                even = FloatVector.fromArray(FLOATS, unpacked.floatMins, j * ROWS).fma(FloatVector.broadcast(FLOATS, xsums[sumsAt + j]), even);
                odd = FloatVector.fromArray(FLOATS, unpacked.floatMins, (j + 1) * ROWS).fma(FloatVector.broadcast(FLOATS, xsums[sumsAt + j + 1]), odd);
            }
            FloatVector mins = even.add(odd);
            dmin.mul(dx).fma(mins, FloatVector.fromArray(FLOATS, acc, at + ROWS)).intoArray(acc, at + ROWS);
        }
    }

    /**
     * The float part of every kernel, per row: {@code acc += (d * dx) * sum} and, beside it,
     * {@code accMins += (dmin * dx) * mins}, for one super-block of one group; {@code scales} and
     * {@code ints} hold d then dmin, sum then mins from {@code from}, {@code acc} the two
     * accumulators from {@code at}.
     */
    static void foldSuperBlock(float[] scales, float dx, int[] ints, int from, float[] acc, int at) {
        FloatVector sum = (FloatVector) IntVector.fromArray(INTS, ints, from).convert(VectorOperators.I2F, 0);
        FloatVector.fromArray(FLOATS, scales, from).mul(dx).fma(sum, FloatVector.fromArray(FLOATS, acc, at)).intoArray(acc, at);
        FloatVector mins = (FloatVector) IntVector.fromArray(INTS, ints, from + ROWS).convert(VectorOperators.I2F, 0);
        FloatVector.fromArray(FLOATS, scales, from + ROWS).mul(dx).fma(mins, FloatVector.fromArray(FLOATS, acc, at + ROWS)).intoArray(acc, at + ROWS);
    }

    /** Group g's results {@code acc - accMins} (accumulators from {@code at}) into {@code out[to ...]}, only the rows the matrix has. */
    static void finish(float[] acc, int at, float[] out, int to, int g, int rows) {
        FloatVector result = FloatVector.fromArray(FLOATS, acc, at).sub(FloatVector.fromArray(FLOATS, acc, at + ROWS));
        if (g * ROWS + ROWS <= rows) {
            result.intoArray(out, to);
        } else {
            result.intoArray(out, to, FLOATS.indexInRange(0, rows - g * ROWS));
        }
    }

    /** Copies the group's d (and dmin, when the type has mins; else zeros) from the super-block at {@code at} into {@code into}. */
    static void header(MemorySegment w, long at, int d, int dmin, float[] into) {
        header(w, at, d, dmin, into, 0);
    }

    /** {@link #header(MemorySegment, long, int, int, float[])} into {@code into} from {@code from}. */
    static void header(MemorySegment w, long at, int d, int dmin, float[] into, int from) {
        FloatVector.fromMemorySegment(FLOATS, w, at + d, LE).intoArray(into, from);
        if (dmin >= 0) {
            FloatVector.fromMemorySegment(FLOATS, w, at + dmin, LE).intoArray(into, from + ROWS);
        }
    }

    /**
     * Widens {@code count} runs of per-row bytes, {@code stride} bytes apart from {@code at}, into
     * {@code into}, each run {@code repeat} times (a sub-block spanning several product blocks).
     */
    static void unpackRowBytes(MemorySegment w, long at, int stride, int count, boolean signed, int repeat, int[] into) {
        for (int j = 0; j < count; j++) {
            ByteVector bytes = ByteVector.fromMemorySegment(ROW_BYTES, w, at + (long) j * stride, LE);
            IntVector values = signed ? (IntVector) bytes.convertShape(VectorOperators.B2I, INTS, 0)
                    : (IntVector) bytes.convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
            for (int k = 0; k < repeat; k++) {
                values.intoArray(into, (j * repeat + k) * ROWS);
            }
        }
    }

    /**
     * Writes the plane at {@code plane} of {@code bits}-bit fields, field = {@code (levels[r][i] >> shift) & mask}:
     * one 16-bit lane per row and parity holds {@code 16 / bits} consecutive pair steps.
     */
    static void putPlane(MemorySegment target, long plane, int bits, int[][] levels, int shift, int mask) {
        putPlane(target, plane, Integer.MAX_VALUE, 0, bits, levels, shift, mask);
    }

    /**
     * {@link #putPlane}, with the plane's blocks in runs of {@code run} blocks every {@code stride}
     * bytes, so that two planes a kernel reads together interleave in the order it reads them.
     * Why: a matrix-vector kernel streams its weights from memory once, and the hardware
     * prefetchers keep up with one ascending stream per thread far better than with two.
     */
    static void putPlane(MemorySegment target, long plane, int run, long stride, int bits, int[][] levels, int shift, int mask) {
        int perLane = 16 / bits;
        int lanes = 2 * ROWS;
        for (int block = 0; block < 128 / perLane; block++) {
            for (int lane = 0; lane < lanes; lane++) {
                int[] row = levels[lane / 2];
                int packed = 0;
                for (int k = 0; k < perLane; k++) {
                    int i = 2 * (block * perLane + k) + (lane & 1);
                    packed |= ((row[i] >> shift) & mask) << (k * bits);
                }
                long at = plane + (block / run) * stride + (long) (block % run) * BLOCK_BYTES;
                target.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 2L * lane, (short) packed);
            }
        }
    }

    /** Writes the block's per-row floats (one per row of its groups) at {@code at}. */
    static void putRowFloats(MemorySegment target, long at, float[] values) {
        for (int r = 0; r < values.length; r++) {
            target.set(ValueLayout.JAVA_FLOAT_UNALIGNED, at + 4L * r, values[r]);
        }
    }

    /**
     * Writes sub-block j's integer of every row given ({@code values[r][j]}) as one byte per row, a
     * run per j, the runs {@code stride} bytes apart from {@code at}.
     */
    static void putRowBytes(MemorySegment target, long at, int stride, int[][] values, int subBlocks) {
        for (int j = 0; j < subBlocks; j++) {
            for (int r = 0; r < values.length; r++) {
                target.set(ValueLayout.JAVA_BYTE, at + (long) j * stride + r, (byte) values[r][j]);
            }
        }
    }
}
