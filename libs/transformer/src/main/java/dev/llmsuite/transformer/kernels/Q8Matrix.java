package dev.llmsuite.transformer.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.VectorSpecies;

/**
 * A Q8_0 weight matrix repacked at load so that a vector lane adds up part of one block, not one
 * value of every block.
 *
 * <p>In ggml's layout a 32-value block is contiguous, so a vector load holds values of one block,
 * and every block ends in a scale multiply per vector ({@link Q8Dot}): with 16 lanes, as many
 * operations as the block's own multiply-adds. Here eight blocks (256 values) form a group,
 * stored as {@link #STEPS} vectors of bytes in which lane {@code l} holds values of block
 * {@code l / LANES_PER_BLOCK}: step {@code s} holds value {@code (l % LANES_PER_BLOCK) * STEPS + s}
 * of that block. A lane's products of small integers add up exactly in float over the group's
 * steps, and only then is each lane scaled by its block's weight scale times the activation's,
 * once per group, into a per-lane accumulator. After the levels come the eight block scales as
 * floats.
 *
 * <p>The activation is quantized to Q8_0 exactly as llama.cpp does it and permuted into the same
 * order, with one scale per lane and group.
 *
 * <p>Needs vectors of 8 or 16 floats (AVX2, AVX-512) and rows of whole groups; otherwise Q8_0
 * rows are multiplied in ggml's layout by {@link Q8Dot}.
 */
public final class Q8Matrix {

    static final VectorSpecies<Float> F = VectorDot.F;
    static final int LANES = F.length();
    private static final int BLOCK = 32;
    private static final int GROUP_BLOCKS = 8;
    static final int GROUP_VALUES = GROUP_BLOCKS * BLOCK;
    /** Vectors per group; also the values of one block that one lane adds up. */
    static final int STEPS = GROUP_VALUES / LANES;
    static final int LANES_PER_BLOCK = LANES / GROUP_BLOCKS;
    static final long GROUP_BYTES = GROUP_VALUES + 4L * GROUP_BLOCKS;
    /** The last group's scales are read as a whole vector of floats (then spread over the lanes). */
    private static final long PADDING = 4L * LANES;

    /** Rows expanded to floats at a time, so their levels stay in cache while every position uses them. */
    private static final int ROW_TILE = 8;
    /** From this many positions on, expanding rows to floats once beats converting bytes per position. */
    private static final int TILE_FROM_BATCH = 4;

    private final MemorySegment groups;
    private final int rows;
    private final int columns;
    private final int groupsPerRow;
    private final long rowBytes;

    private Q8Matrix(MemorySegment groups, int rows, int columns) {
        this.groups = groups;
        this.rows = rows;
        this.columns = columns;
        this.groupsPerRow = columns / GROUP_VALUES;
        this.rowBytes = groupsPerRow * GROUP_BYTES;
    }

    /** Whether rows of {@code columns} values can be repacked on this machine's vectors. */
    public static boolean supports(int columns) {
        return (LANES == 8 || LANES == 16) && columns % GROUP_VALUES == 0;
    }

    /** Repacks {@code rows} Q8_0 rows of {@code columns} values stored in ggml's layout. */
    public static Q8Matrix repack(MemorySegment data, int rows, int columns) {
        if (!supports(columns)) {
            throw new IllegalArgumentException("Q8_0 rows of " + columns + " values cannot be repacked for " + LANES + " lanes");
        }
        long bytes = (long) rows * (columns / GROUP_VALUES) * GROUP_BYTES + PADDING;
        Q8Matrix matrix = new Q8Matrix(Arena.ofAuto().allocate(bytes, 64), rows, columns);
        long storedRowBytes = 34L * (columns / BLOCK);
        Parallel.forRange(rows, columns, (from, to) -> {
            for (int r = from; r < to; r++) {
                matrix.repackRow(data, r * storedRowBytes, r);
            }
        });
        return matrix;
    }

    private void repackRow(MemorySegment data, long stored, int row) {
        for (int g = 0; g < groupsPerRow; g++) {
            long group = row * rowBytes + g * GROUP_BYTES;
            for (int b = 0; b < GROUP_BLOCKS; b++) {
                long block = stored + 34L * (g * GROUP_BLOCKS + b);
                short scale = data.get(ValueLayout.JAVA_SHORT_UNALIGNED, block);
                groups.set(ValueLayout.JAVA_FLOAT_UNALIGNED, group + GROUP_VALUES + 4L * b, Float.float16ToFloat(scale));
                for (int v = 0; v < BLOCK; v++) {
                    groups.set(ValueLayout.JAVA_BYTE, group + position(b, v), data.get(ValueLayout.JAVA_BYTE, block + 2 + v));
                }
            }
        }
    }

    /** Where value {@code v} of block {@code b} of a group goes: step {@code v % STEPS}, lane by block and part. */
    private static int position(int block, int v) {
        return (v % STEPS) * LANES + block * LANES_PER_BLOCK + v / STEPS;
    }

    /** Positions' Q8_0 integers in the repacked order, and one activation scale per lane and group. */
    private record Prepared(float[] values, float[] laneScales) {
    }

    /** {@link #position} of every value of a group, in the group's stored order. */
    private static final int[] POSITIONS = positions();

    private static int[] positions() {
        int[] positions = new int[GROUP_VALUES];
        for (int i = 0; i < GROUP_VALUES; i++) {
            positions[i] = position(i / BLOCK, i % BLOCK);
        }
        return positions;
    }

    private Prepared prepare(float[] values, float[] blockScales, int batch) {
        float[] permuted = new float[batch * columns];
        float[] laneScales = new float[batch * groupsPerRow * LANES];
        for (int g = 0; g < batch * groupsPerRow; g++) {
            int group = g * GROUP_VALUES;
            for (int i = 0; i < GROUP_VALUES; i++) {
                permuted[group + POSITIONS[i]] = values[group + i];
            }
            for (int b = 0; b < GROUP_BLOCKS; b++) {
                int block = g * GROUP_BLOCKS + b;
                for (int part = 0; part < LANES_PER_BLOCK; part++) {
                    laneScales[g * LANES + b * LANES_PER_BLOCK + part] = blockScales[block];
                }
            }
        }
        return new Prepared(permuted, laneScales);
    }

    /**
     * {@code out[t * rows + r] = row r . x[t]} for each of {@code batch} positions, given the
     * positions quantized to Q8_0 as llama.cpp does ({@code values} integers, {@code blockScales}
     * one per 32 values).
     */
    public void multiply(float[] values, float[] blockScales, int batch, float[] out) {
        Prepared x = prepare(values, blockScales, batch);
        if (batch < TILE_FROM_BATCH) {
            for (int t = 0; t < batch; t++) {
                multiplyOne(x, t, out);
            }
        } else {
            multiplyTiled(x, batch, out);
        }
    }

    /**
     * One position, four rows at a time taken a quarter of the range apart: four distant streams
     * keep more cache-line requests in flight than one.
     */
    private void multiplyOne(Prepared x, int t, float[] out) {
        int xAt = t * columns;
        int xScaleAt = t * groupsPerRow * LANES;
        Parallel.forRange(rows, columns, (from, to) -> {
            float[] lanes = VectorDot.lanesFor(4);
            float[] four = new float[4];
            int quarter = (to - from) / 4;
            long stride = quarter * rowBytes;
            for (int i = 0; i < quarter; i++) {
                int r = from + i;
                Q8GroupDot.rows4(groups, r * rowBytes, stride, x.values, x.laneScales, xAt, xScaleAt, groupsPerRow, lanes, four);
                for (int k = 0; k < 4; k++) {
                    out[t * rows + r + k * quarter] = four[k];
                }
            }
            for (int r = from + 4 * quarter; r < to; r++) {
                out[t * rows + r] = Q8GroupDot.row(groups, r * rowBytes, x.values, x.laneScales, xAt, xScaleAt, groupsPerRow);
            }
        });
    }

    /** Batches: each tile of rows expanded to floats once, then four rows by four positions at a time. */
    private void multiplyTiled(Prepared x, int batch, float[] out) {
        int scaleStride = groupsPerRow * LANES;
        Parallel.forRange(rows, (long) columns * batch, (from, to) -> {
            float[] levels = new float[ROW_TILE * columns];
            float[] scales = new float[ROW_TILE * scaleStride];
            float[] acc = new float[16 * LANES];
            float[] lanes = VectorDot.lanesFor(4);
            float[] tile = new float[16];
            float[] four = new float[4];
            for (int tileStart = from; tileStart < to; tileStart += ROW_TILE) {
                int tileRows = Math.min(to, tileStart + ROW_TILE) - tileStart;
                for (int r = 0; r < tileRows; r++) {
                    Q8GroupDot.expand(groups, (tileStart + r) * rowBytes, groupsPerRow, levels, r * columns, scales, r * scaleStride);
                }
                int r = 0;
                for (; r + 4 <= tileRows; r += 4) {
                    int first = tileStart + r;
                    int t = 0;
                    for (; t + 4 <= batch; t += 4) {
                        Q8GroupDot.tile4x4(levels, r * columns, columns, scales, r * scaleStride, scaleStride,
                                x.values, t * columns, columns, x.laneScales, t * scaleStride, scaleStride, groupsPerRow, acc, tile);
                        for (int i = 0; i < 4; i++) {
                            for (int p = 0; p < 4; p++) {
                                out[(t + p) * rows + first + i] = tile[4 * i + p];
                            }
                        }
                    }
                    for (; t < batch; t++) {
                        Q8GroupDot.rows4(groups, first * rowBytes, rowBytes, x.values, x.laneScales, t * columns, t * scaleStride,
                                groupsPerRow, lanes, four);
                        for (int i = 0; i < 4; i++) {
                            out[t * rows + first + i] = four[i];
                        }
                    }
                }
                for (; r < tileRows; r++) {
                    for (int t = 0; t < batch; t++) {
                        out[t * rows + tileStart + r] = Q8GroupDot.row(groups, (tileStart + r) * rowBytes, x.values, x.laneScales,
                                t * columns, t * scaleStride, groupsPerRow);
                    }
                }
            }
        });
    }
}
