package dev.llmsuite.transformer.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import jdk.incubator.vector.VectorSpecies;

/**
 * A Q8_0 weight matrix repacked at load so that each vector lane holds one row: no dot product
 * ever has to add up the lanes of a vector.
 *
 * <p>Rows are taken {@link #LANES} at a time (a row group; the last one padded with zero rows).
 * For each 32-value block, a group stores 32 columns of {@code LANES} bytes, column {@code c}
 * holding value {@code c} of every row of the group, followed by the block's {@code LANES} row
 * scales as floats. A kernel multiplies a column of levels by one activation value broadcast to
 * every lane: each lane adds up its own row's products of small integers, exactly in float (at
 * most 32 products of at most 2^14), and is then scaled once per block by its row's scale times
 * the activation block's scale. A lane's arithmetic is the same in every kernel here, so a row's
 * result does not depend on the kernel that computed it or on how many positions were computed
 * together.
 *
 * <p>It is llama.cpp's own order too: per block, an exact integer sum times both scales, added
 * block after block. Nothing in it depends on the vector width, so groups of 8 rows (AVX2) and of
 * 16 (AVX-512) give every row the same bits, and like the K-quant kernels these use the widest
 * vectors the CPU has, whatever {@code llmsuite.engine.vector-bits} pins for the float kernels.
 *
 * <p>Needs vectors of 8 or 16 floats; otherwise Q8_0 rows are multiplied in ggml's layout by
 * {@link Q8Dot}.
 */
public final class Q8Matrix {

    static final VectorSpecies<Float> F = RowGroupLanes.FLOATS;
    /** Rows per group: one per lane. */
    static final int LANES = F.length();
    static final int BLOCK = 32;
    /** Bytes of one block of a row group: its levels, then its row scales. */
    static final long BLOCK_BYTES = (long) BLOCK * LANES + 4L * LANES;
    /** Offset of a block's row scales. */
    static final long SCALES = (long) BLOCK * LANES;

    private final MemorySegment groups;
    private final int rows;
    private final int columns;
    private final int blocks;
    private final long groupBytes;

    private Q8Matrix(MemorySegment groups, int rows, int columns) {
        this.groups = groups;
        this.rows = rows;
        this.columns = columns;
        this.blocks = columns / BLOCK;
        this.groupBytes = blocks * BLOCK_BYTES;
    }

    /** Whether rows of {@code columns} values can be repacked on this machine's vectors. */
    public static boolean supports(int columns) {
        return (LANES == 8 || LANES == 16) && columns % BLOCK == 0;
    }

    /** Repacks {@code rows} Q8_0 rows of {@code columns} values stored in ggml's layout. */
    public static Q8Matrix repack(MemorySegment data, int rows, int columns) {
        if (!supports(columns)) {
            throw new IllegalArgumentException("Q8_0 rows of " + columns + " values cannot be repacked for " + LANES + " lanes");
        }
        int groupCount = (rows + LANES - 1) / LANES;
        Q8Matrix matrix = new Q8Matrix(WeightMemory.allocate(groupCount * (columns / BLOCK) * BLOCK_BYTES), rows, columns);
        long storedRowBytes = 34L * (columns / BLOCK);
        Parallel.forRange(rows, columns, (from, to) -> {
            for (int r = from; r < to; r++) {
                matrix.repackRow(data, r * storedRowBytes, r);
            }
        });
        return matrix;
    }

    private void repackRow(MemorySegment data, long stored, int row) {
        long group = (row / LANES) * groupBytes;
        int lane = row % LANES;
        for (int b = 0; b < blocks; b++) {
            long block = stored + 34L * b;
            long repacked = group + b * BLOCK_BYTES;
            short scale = data.get(ValueLayout.JAVA_SHORT_UNALIGNED, block);
            groups.set(ValueLayout.JAVA_FLOAT_UNALIGNED, repacked + SCALES + 4L * lane, Float.float16ToFloat(scale));
            for (int c = 0; c < BLOCK; c++) {
                groups.set(ValueLayout.JAVA_BYTE, repacked + (long) c * LANES + lane, data.get(ValueLayout.JAVA_BYTE, block + 2 + c));
            }
        }
    }

    /**
     * {@code out[t * rows + r] = row r . x[t]} for each of {@code batch} positions, given the
     * positions quantized to Q8_0 as llama.cpp does ({@code values} integers, {@code blockScales}
     * one per 32 values), as units of work for the thread team.
     */
    public PreparedProduct prepare(float[] values, float[] blockScales, int batch, float[] out) {
        return RowGroupWalk.product(rows, LANES, (long) columns * LANES * batch, batch, out, new RowGroupWalk.Kernels() {
            @Override
            public void twoGroupsByFourPositions(int group, int p0, int p1, int p2, int p3) {
                Q8GroupDot.tile2x4(groups, group * groupBytes, groupBytes, values, blockScales, columns, blocks, out, rows, group * LANES,
                        p0, p1, p2, p3);
            }

            @Override
            public boolean hasTwoByTwo() {
                return true;
            }

            @Override
            public void twoGroupsByTwoPositions(int group) {
                Q8GroupDot.tile2x2(groups, group * groupBytes, groupBytes, values, blockScales, columns, blocks, out, rows, group * LANES,
                        0, 1);
            }

            @Override
            public int fourGroupsFrom() {
                return FOUR_GROUPS_FROM;
            }

            @Override
            public void fourGroupsByBatch(int group, int batch, float[] workspace) {
                multiplyFourGroups(group, values, blockScales, batch, out, workspace);
            }

            @Override
            public int workspace(int batch) {
                return WIDENED + tiledPositions(batch) * 4 * LANES;
            }

            @Override
            public void oneGroup(int group, int position, float[] results, int resultsAt) {
                Q8GroupDot.group(groups, group * groupBytes, values, position * columns, blockScales, position * blocks, blocks, results,
                        resultsAt);
            }
        });
    }

    /**
     * The smallest batch whose four row groups are widened once for all its positions. Smaller
     * batches go two groups by four positions, widening as they go: with four positions or fewer
     * that reads two streams instead of four and saves the widened block's stores and loads
     * (with one thread, {@code ./suite bench kernels} at batch 4 went from 8.5 to 6.5 ns per block
     * and position in cache and from 9.5 to 8.8 from memory).
     */
    private static final int FOUR_GROUPS_FROM = 8;

    /** Floats of one block of four row groups, widened. */
    private static final int WIDENED = 4 * BLOCK * LANES;

    private static int tiledPositions(int batch) {
        int tile = RowGroupWalk.POSITION_TILE;
        return (batch + tile - 1) / tile * tile;
    }

    /**
     * Groups {@code group} to {@code group + 3} times all positions: block by block, the four
     * groups' levels are widened to floats once and serve the batch four positions at a time.
     * {@code workspace} holds the widened block, then each tiled position's accumulators.
     */
    private void multiplyFourGroups(int group, float[] values, float[] blockScales, int batch, float[] out, float[] workspace) {
        Arrays.fill(workspace, WIDENED, WIDENED + tiledPositions(batch) * 4 * LANES, 0f);
        long first = group * groupBytes;
        int last = batch - 1;
        for (int b = 0; b < blocks; b++) {
            long block = first + b * BLOCK_BYTES;
            Q8GroupDot.widenTile4x4(workspace, groups, block, groupBytes, values, blockScales, columns, blocks, b, workspace, WIDENED,
                    0, Math.min(1, last), Math.min(2, last), Math.min(3, last));
            for (int t = RowGroupWalk.POSITION_TILE; t < batch; t += RowGroupWalk.POSITION_TILE) {
                Q8GroupDot.tile4x4(workspace, groups, block, groupBytes, values, blockScales, columns, blocks, b, workspace,
                        WIDENED + t * 4 * LANES, t, Math.min(t + 1, last), Math.min(t + 2, last), Math.min(t + 3, last));
            }
        }
        for (int t = 0; t < batch; t++) {
            System.arraycopy(workspace, WIDENED + t * 4 * LANES, out, t * rows + group * LANES, 4 * LANES);
        }
    }
}
