package dev.llmsuite.transformer.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lane layout shared by the K-quant kernels. Weight rows are repacked at load into groups of
 * {@link #ROWS} rows, and one vector of 16-bit lanes holds two neighbouring values of every row of
 * a group: lane {@code 2r + t} is value {@code 2p + t} of row {@code r} (a "pair step" p). The
 * activation is laid out to match (each pair of values repeated once per row, see
 * {@link Q8KActivation}), so one 16-bit multiply-add serves every row of the group and every lane
 * keeps the running sum of one row, without moving data across lanes.
 *
 * <p>Why: AVX2 multiplies unsigned by signed bytes with {@code vpmaddubsw}, which the Vector API
 * does not offer. Multiplying in 16-bit lanes is the narrowest exact product it has; the 16-bit
 * sums of a whole sub-block fit (each type keeps its levels small enough), and only then are they
 * widened, pairwise, to 32 bits and scaled, once per sub-block instead of once per value.
 *
 * <p>The vectors are the preferred species capped at 256 bits: 16 lanes, eight rows per group on
 * AVX2, four on 128-bit machines. The cap keeps a group's scale loads to at most eight bytes and
 * is no loss on wider machines, which run 256-bit integer operations at full rate.
 */
public final class RowGroupLanes {

    private static final VectorShape SHAPE = VectorShape.forBitSize(Math.min(256, FloatVector.SPECIES_PREFERRED.vectorBitSize()));

    static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, SHAPE);
    static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SHAPE);
    static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHAPE);
    /**
     * Per-row scale bytes, widened to {@link #INTS}: eight bytes are read and the first
     * {@link #ROWS} used (64 bits is the narrowest shape), so repacked layouts keep at least
     * eight bytes after every run of scale bytes.
     */
    static final VectorSpecies<Byte> ROW_BYTES = ByteVector.SPECIES_64;

    /** Rows per group. */
    public static final int ROWS = INTS.length();
    /** Bytes of one plane block: one vector of 16-bit lanes (4 nibbles, 8 two-bit or 16 one-bit levels per lane). */
    static final int BLOCK_BYTES = SHORTS.vectorByteSize();

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private RowGroupLanes() {
    }

    /** Sum of each pair of 16-bit lanes as one 32-bit lane: the two values of one row. */
    static IntVector pairSum(ShortVector sums) {
        IntVector both = sums.reinterpretAsInts();
        // (high << 16 | low) + (low << 16) carries high + low into the upper half, exactly.
        return both.add(both.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
    }

    /** The group's per-row unsigned bytes at {@code offset}, one per 32-bit lane. */
    static IntVector unsignedRowBytes(MemorySegment w, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, offset, LE).convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
    }

    /** The group's per-row signed bytes at {@code offset}, one per 32-bit lane. */
    static IntVector signedRowBytes(MemorySegment w, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(ROW_BYTES, w, offset, LE).convertShape(VectorOperators.B2I, INTS, 0);
    }

    /** The group's per-row floats at {@code offset}. */
    static FloatVector rowFloats(MemorySegment w, long offset) {
        return FloatVector.fromMemorySegment(FLOATS, w, offset, LE);
    }

    /** The activation's pair vector for pair step {@code step} of position data starting at {@code base}. */
    static ShortVector pair(short[] pairs, int base, int step) {
        return ShortVector.fromArray(SHORTS, pairs, base + step * SHORTS.length());
    }

    /** Level k of a lane holding four-bit levels. */
    static ShortVector nibble(ShortVector block, int k) {
        return k == 3 ? block.lanewise(VectorOperators.LSHR, 12) : block.lanewise(VectorOperators.LSHR, 4 * k).and((short) 0xF);
    }

    /** Level k of a lane holding two-bit levels. */
    static ShortVector crumb(ShortVector block, int k) {
        return k == 7 ? block.lanewise(VectorOperators.LSHR, 14) : block.lanewise(VectorOperators.LSHR, 2 * k).and((short) 3);
    }

    /** Bit k of a lane holding one-bit levels, moved to bit {@code position}. */
    static ShortVector bit(ShortVector block, int k, int position) {
        ShortVector moved = k > position ? block.lanewise(VectorOperators.LSHR, k - position) : block.lanewise(VectorOperators.LSHL, position - k);
        return moved.and((short) (1 << position));
    }

    static ShortVector plane(MemorySegment w, long offset) {
        return ShortVector.fromMemorySegment(SHORTS, w, offset, LE);
    }
}
