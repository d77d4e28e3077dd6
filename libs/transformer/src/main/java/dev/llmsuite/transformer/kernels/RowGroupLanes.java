package dev.llmsuite.transformer.kernels;

import java.nio.ByteOrder;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lane layout shared by the K-quant kernels. Weight rows are repacked at load into groups of
 * {@link #ROWS} rows, and one vector of 16-bit lanes holds two neighbouring values of every row of
 * a group: lane {@code 2r + t} is value {@code 2p + t} of row {@code r} (pair step p). The
 * activation's pair of values is broadcast to match (one int per pair, see
 * {@link Q8KActivation}), so one 16-bit multiply and add serve every row of the group and every
 * lane keeps the running sum of one row, without moving data across lanes.
 *
 * <p>Why: AVX2 multiplies unsigned by signed bytes and adds neighbours with {@code vpmaddubsw},
 * which the Vector API does not offer. A 16-bit multiply is the narrowest exact product it has;
 * the 16-bit sums over a product block of up to 16 pair steps fit (each type keeps its levels
 * small enough), and only then are they widened, the two lanes of a row added, and scaled: once
 * per block instead of once per value. Each lane is widened on its own ({@code (pair << 16) >> 16}
 * and {@code pair >> 16}, arithmetic shifts) before the two are added: a row's two lanes together
 * can exceed 16 bits (Q6_K's 16 products reach 16 * 32 * 127), and adding them inside the int
 * first would wrap around (see {@code KQuantProductTest.extremeSumsStayExact}).
 *
 * <p>Levels are stored in planes of {@link #BLOCK_BYTES}-byte blocks, one 16-bit lane per row
 * and parity: a block holds 4 pair steps of four-bit levels (bits 4k..4k+3 of each lane), 8 of
 * two-bit levels or 16 of one-bit levels.
 *
 * <p>The vectors are the widest the CPU has: eight rows per group on AVX2, sixteen on AVX-512, four
 * on 128-bit machines. Unlike the float kernels, they ignore {@code llmsuite.engine.vector-bits}:
 * a row's block sums are exact integers whatever the width, and the float steps after them are
 * per row, so every row's result is bit for bit the same on every width. On AVX-512 the wider
 * groups take half the vector instructions per row that groups of eight rows do (see
 * {@code ./suite bench generation} for what that gives).
 *
 * <p>The kernels spell their vector operations out instead of calling small helpers: C2 stops
 * inlining our own methods once a compilation passes a node budget that a few dozen Vector API
 * calls reach (the API's own methods are always inlined), and a vector passed to or returned
 * from a method that was not inlined is allocated on the heap. So no method of ours takes or
 * returns a vector.
 */
final class RowGroupLanes {

    private static final VectorShape SHAPE = VectorShape.preferredShape();

    static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, SHAPE);
    static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SHAPE);
    static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHAPE);
    /**
     * Per-row scale bytes, widened to {@link #INTS}: one byte per row, but at least eight bytes are
     * read (64 bits is the narrowest shape) and the first {@link #ROWS} used, so repacked layouts
     * keep at least eight bytes after every run of scale bytes.
     */
    static final VectorSpecies<Byte> ROW_BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, SHAPE.vectorBitSize() / 4)));

    /** Rows per group. */
    static final int ROWS = INTS.length();
    /** Shorts per pair step (two per row). */
    static final int LANES = SHORTS.length();
    /** Bytes of one plane block. */
    static final int BLOCK_BYTES = SHORTS.vectorByteSize();

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private RowGroupLanes() {
    }
}
