package dev.llmsuite.transformer.kernels;

import static dev.llmsuite.transformer.kernels.RowGroupLanes.ROWS;

import dev.llmsuite.transformer.gguf.KQuantBlock;
import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.MemorySegment;

/**
 * A K-quant weight matrix repacked into row groups (see {@link KQuantKernel}), with its
 * matrix-vector and matrix-matrix products. The repacked copy lives off-heap and is freed when the
 * matrix is no longer reachable.
 */
public final class KQuantMatrix {

    /**
     * Positions quantized and multiplied together: a group's unpacked super-block serves them all,
     * so its unpacking is paid once per this many positions, and their integers (1 KiB per 256
     * values each) stay in cache.
     */
    private static final int POSITION_CHUNK = 64;

    /**
     * The most positions in one chunk: a tail of up to eight positions joins the chunk before it
     * instead of paying a whole unpacking for a few positions (a 66-token prompt is one chunk, not
     * 64 + 2).
     */
    public static final int MOST_POSITIONS = POSITION_CHUNK + 8;

    private final KQuantKernel kernel;
    private final MemorySegment groups;

    MemorySegment groups() {
        return groups;
    }
    private final int rows;
    private final int columns;
    private final int superBlocks;
    /** Bytes of one block of {@link KQuantKernel#groupsPerBlock()} groups, all its super-blocks. */
    private final long groupBytes;

    private KQuantMatrix(KQuantKernel kernel, MemorySegment groups, int rows, int columns) {
        this.kernel = kernel;
        this.groups = groups;
        this.rows = rows;
        this.columns = columns;
        this.superBlocks = columns / Q8KActivation.SUPER_BLOCK;
        this.groupBytes = (long) superBlocks * kernel.groupBlockBytes();
    }

    /** Repacks {@code rows} rows of {@code columns} values stored in {@code type}'s ggml layout. */
    public static KQuantMatrix repack(TensorType type, MemorySegment data, int rows, int columns) {
        KQuantKernel kernel = KQuantKernel.of(type);
        int superBlocks = columns / Q8KActivation.SUPER_BLOCK;
        int blockRows = ROWS * kernel.groupsPerBlock();
        int blockCount = (rows + blockRows - 1) / blockRows;
        long blockBytes = kernel.groupBlockBytes();
        MemorySegment groups = WeightMemory.allocate(blockCount * superBlocks * blockBytes);
        long rowBytes = type.bytesFor(columns);
        Parallel.forRange(blockCount, (long) columns * blockRows, (from, to) -> {
            GroupBlock block = new GroupBlock(blockRows, KQuantBlock.subBlockSize(type));
            for (int g = from; g < to; g++) {
                for (int b = 0; b < superBlocks; b++) {
                    block.read(type, data, rowBytes, g * blockRows, rows, b);
                    kernel.write(block.levels, block.scales, block.mins, block.d, block.dmin,
                            groups.asSlice(((long) g * superBlocks + b) * blockBytes, blockBytes));
                }
            }
        });
        return new KQuantMatrix(kernel, groups, rows, columns);
    }

    /**
     * {@code out[t * rows + r] = row r . x[t * columns ...]} for each of {@code batch} positions,
     * with {@code x} quantized to Q8_K as llama.cpp does.
     */
    public void multiply(float[] x, int batch, float[] out) {
        int first = 0;
        while (first < batch) {
            int chunk = batch - first <= MOST_POSITIONS ? batch - first : POSITION_CHUNK;
            Q8KActivation activation = Q8KActivation.quantize(x, first * columns, chunk, columns);
            float[] chunkOut = first == 0 && chunk == batch ? out : new float[chunk * rows];
            prepare(activation, chunkOut).compute();
            if (chunkOut != out) {
                System.arraycopy(chunkOut, 0, out, first * rows, chunk * rows);
            }
            first += chunk;
        }
    }

    /**
     * The product with positions already quantized to Q8_K, at most {@link #MOST_POSITIONS} of
     * them ({@code out[t * rows + r]}), ready to be computed together with other products.
     */
    public PreparedProduct prepare(Q8KActivation activation, float[] out) {
        int positions = activation.positions();
        if (positions > MOST_POSITIONS) {
            throw new IllegalArgumentException(positions + " positions in one product; at most " + MOST_POSITIONS);
        }
        int groupCount = (rows + ROWS - 1) / ROWS;
        if (positions <= kernel.matrixVectorPositions()) {
            int perBlock = kernel.groupsPerBlock();
            return new PreparedProduct((groupCount + perBlock - 1) / perBlock, (long) columns * ROWS * perBlock * positions, (from, to) ->
                    kernel.multiply(groups, groupBytes, from, to, groupCount, superBlocks, activation, out, rows));
        }
        return new PreparedProduct((groupCount + 1) / 2, 2L * columns * ROWS * positions, (from, to) ->
                kernel.multiplyMany(groups, groupBytes, from, to, groupCount, superBlocks, activation, out, rows));
    }

    /** One super-block of every row of a group, decoded to integers (rows past the matrix stay zero). */
    private static final class GroupBlock {
        final int[][] levels;
        final int[][] scales;
        final int[][] mins;
        final float[] d;
        final float[] dmin;

        GroupBlock(int rows, int subBlockSize) {
            levels = new int[rows][Q8KActivation.SUPER_BLOCK];
            scales = new int[rows][Q8KActivation.SUPER_BLOCK / subBlockSize];
            mins = new int[rows][Q8KActivation.SUPER_BLOCK / subBlockSize];
            d = new float[rows];
            dmin = new float[rows];
        }

        void read(TensorType type, MemorySegment data, long rowBytes, int firstRow, int rows, int superBlock) {
            for (int r = 0; r < levels.length; r++) {
                boolean present = firstRow + r < rows;
                long block = (firstRow + r) * rowBytes + (long) superBlock * type.blockBytes;
                d[r] = present ? KQuantBlock.d(type, data, block) : 0f;
                dmin[r] = present ? KQuantBlock.dmin(type, data, block) : 0f;
                for (int j = 0; j < scales[r].length; j++) {
                    scales[r][j] = present ? KQuantBlock.scale(type, data, block, j) : 0;
                    mins[r][j] = present ? KQuantBlock.min(type, data, block, j) : 0;
                }
                if (present) {
                    KQuantBlock.levels(type, data, block, levels[r], 0);
                } else {
                    java.util.Arrays.fill(levels[r], 0);
                }
            }
        }
    }
}
