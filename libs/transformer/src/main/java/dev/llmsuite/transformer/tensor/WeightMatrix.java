package dev.llmsuite.transformer.tensor;

import dev.llmsuite.transformer.gguf.GgufTensor;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.kernels.F32Matrix;
import dev.llmsuite.transformer.kernels.KQuantMatrix;
import dev.llmsuite.transformer.kernels.Parallel;
import dev.llmsuite.transformer.kernels.PreparedProduct;
import dev.llmsuite.transformer.kernels.Q8KActivation;
import dev.llmsuite.transformer.kernels.Q8Dot;
import dev.llmsuite.transformer.kernels.Q8Matrix;
import dev.llmsuite.transformer.kernels.VectorDot;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A weight matrix stored in any {@link TensorType}: {@code rows} outputs, each a dot product of a
 * stored row of {@code columns} values with the input. The bytes stay in the memory-mapped file;
 * float32, Q8_0 and K-quant rows are repacked on first use into layouts that suit their kernels
 * (one row per vector lane), and the file's copy then serves only row lookups (token embeddings).
 */
public final class WeightMatrix {

    /** Rows handled together so a few weight rows stay in cache while every position of a batch uses them. */
    private static final int ROW_TILE = 8;

    /** From this many positions on, expanding Q8_0/Q4_0 rows once per tile beats unpacking them per position. */
    private static final int EXPAND_FROM_BATCH = 4;

    private final String name;
    private final TensorType type;
    private final MemorySegment data;
    private final int rows;
    private final int columns;
    private final long rowBytes;
    /** K-quant rows repacked for the kernels. */
    private final OnFirstUse<KQuantMatrix> kQuantRows;
    /** Q8_0 rows repacked into lane groups, where this machine's vectors allow it. */
    private final OnFirstUse<Q8Matrix> q8Rows;
    /** Float32 rows repacked into lane groups. */
    private final OnFirstUse<F32Matrix> f32Rows;

    public WeightMatrix(GgufTensor tensor) {
        this(tensor.name(), tensor.type(), tensor.data(), tensor.rows(), tensor.columns());
    }

    public WeightMatrix(String name, TensorType type, MemorySegment data, int rows, int columns) {
        this.name = name;
        this.type = type;
        this.data = data;
        this.rows = rows;
        this.columns = columns;
        this.rowBytes = type.bytesFor(columns);
        this.kQuantRows = new OnFirstUse<>(() -> KQuantMatrix.repack(type, data, rows, columns));
        this.q8Rows = new OnFirstUse<>(() -> Q8Matrix.repack(data, rows, columns));
        this.f32Rows = new OnFirstUse<>(() -> F32Matrix.repack(data, rows, columns));
    }

    public String name() {
        return name;
    }

    public TensorType type() {
        return type;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /**
     * {@code out[t * rows + r] = row r . x[t * columns ...]} for each of {@code batch} input rows:
     * a matrix-vector product when decoding one token, a matrix-matrix product over a prompt.
     */
    public void multiply(float[] x, int batch, float[] out) {
        PreparedProduct product = prepare(new SharedInput(x, batch), out);
        if (product != null) {
            product.compute();
            return;
        }
        if (type.isKQuant()) {
            kQuantRows.get().multiply(x, batch, out);
            return;
        }
        Quantization.PreparedInput input = Quantization.prepare(type, x, batch * columns);
        if (batch >= EXPAND_FROM_BATCH && (type == TensorType.Q8_0 || type == TensorType.Q4_0)) {
            multiplyExpanded(input, batch, out);
            return;
        }
        if (batch == 1 && type == TensorType.Q8_0) {
            multiplyQ8FourRows(input, out);
            return;
        }
        Parallel.forRange(rows, (long) columns * batch, (from, to) -> {
            for (int tileStart = from; tileStart < to; tileStart += ROW_TILE) {
                int tileEnd = Math.min(to, tileStart + ROW_TILE);
                for (int t = 0; t < batch; t++) {
                    for (int r = tileStart; r < tileEnd; r++) {
                        out[t * rows + r] = dot(r, input, t * columns);
                    }
                }
            }
        });
    }

    /**
     * {@code outs[i]} = {@code matrices[i]} times the same {@code batch} input rows {@code x}: a
     * layer's projections of one input, computed by the thread team as one job (see
     * {@link PreparedProduct}). Each result has exactly the bits {@link #multiply} gives it.
     */
    public static void multiplyEach(float[] x, int batch, List<WeightMatrix> matrices, List<float[]> outs) {
        SharedInput input = new SharedInput(x, batch);
        List<PreparedProduct> prepared = new ArrayList<>(matrices.size());
        for (int i = 0; i < matrices.size(); i++) {
            PreparedProduct product = matrices.get(i).prepare(input, outs.get(i));
            if (product == null) {
                matrices.get(i).multiply(x, batch, outs.get(i));
            } else {
                prepared.add(product);
            }
        }
        PreparedProduct.together(prepared);
    }

    /** The input of {@link #multiplyEach}, quantized once for all the matrices that need the same form. */
    private static final class SharedInput {
        final float[] x;
        final int batch;
        private Q8KActivation q8k;
        private Quantization.PreparedInput q8;

        SharedInput(float[] x, int batch) {
            this.x = x;
            this.batch = batch;
        }

        Q8KActivation q8k(int columns) {
            if (q8k == null) {
                q8k = Q8KActivation.quantize(x, 0, batch, columns);
            }
            return q8k;
        }

        Quantization.PreparedInput q8(int columns) {
            if (q8 == null) {
                q8 = Quantization.prepare(TensorType.Q8_0, x, batch * columns);
            }
            return q8;
        }
    }

    /**
     * This matrix's product with the shared input as units of work: float32 and repacked Q8_0 rows,
     * and K-quant batches of one chunk. Null where the rows are multiplied whole (longer K-quant
     * batches, chunk by chunk; the types and widths without a repacked layout).
     */
    private PreparedProduct prepare(SharedInput input, float[] out) {
        if (type.isKQuant() && input.batch <= KQuantMatrix.MOST_POSITIONS) {
            return kQuantRows.get().prepare(input.q8k(columns), out);
        }
        if (type == TensorType.F32) {
            return f32Rows.get().prepare(input.x, input.batch, out);
        }
        if (type == TensorType.Q8_0 && Q8Matrix.supports(columns)) {
            Quantization.PreparedInput q8 = input.q8(columns);
            return q8Rows.get().prepare(q8.values(), q8.scales(), input.batch, out);
        }
        return null;
    }

    /**
     * One position against Q8_0 rows in ggml's layout (where {@link Q8Matrix} cannot repack them),
     * four distant rows at a time (bit-identical to one at a time).
     */
    private void multiplyQ8FourRows(Quantization.PreparedInput input, float[] out) {
        Parallel.forRange(rows, columns, (from, to) -> {
            float[] lanes = VectorDot.lanesFor(4);
            float[] four = new float[4];
            int quarter = (to - from) / 4;
            long stride = quarter * rowBytes;
            for (int i = 0; i < quarter; i++) {
                int r = from + i;
                Q8Dot.q8_0Rows4(data, r * rowBytes, stride, input.values(), input.scales(), 0, columns, lanes, four);
                for (int k = 0; k < 4; k++) {
                    out[r + k * quarter] = four[k];
                }
            }
            for (int r = from + 4 * quarter; r < to; r++) {
                out[r] = dot(r, input, 0);
            }
        });
    }

    /**
     * Prompt batches against Q4_0 rows, and Q8_0 rows that {@link Q8Matrix} cannot repack: each
     * tile of rows is expanded once to its integer levels and block scales, then reused by every
     * position, with exactly the arithmetic of the one-position kernels (see {@link Q8Dot}).
     */
    private void multiplyExpanded(Quantization.PreparedInput input, int batch, float[] out) {
        int blocks = columns / Quantization.BLOCK;
        Parallel.forRange(rows, (long) columns * batch, (from, to) -> {
            float[] levels = new float[ROW_TILE * columns];
            float[] scales = new float[ROW_TILE * blocks];
            float[] lanes = VectorDot.lanesFor(8);
            float[] tile = new float[8];
            for (int tileStart = from; tileStart < to; tileStart += ROW_TILE) {
                int tileRows = Math.min(to, tileStart + ROW_TILE) - tileStart;
                for (int r = 0; r < tileRows; r++) {
                    expand(tileStart + r, levels, r * columns, scales, r * blocks);
                }
                int r = 0;
                for (; r + 4 <= tileRows; r += 4) {
                    int t = 0;
                    for (; t + 2 <= batch; t += 2) {
                        Q8Dot.q8_0ExpandedRows4x2(levels, r * columns, columns, scales, r * blocks, blocks,
                                input.values(), input.scales(), t * columns, columns, columns, lanes, tile);
                        for (int i = 0; i < 4; i++) {
                            out[t * rows + tileStart + r + i] = tile[2 * i];
                            out[(t + 1) * rows + tileStart + r + i] = tile[2 * i + 1];
                        }
                    }
                    for (; t < batch; t++) {
                        for (int i = 0; i < 4; i++) {
                            out[t * rows + tileStart + r + i] = Q8Dot.q8_0Expanded(levels, (r + i) * columns, scales, (r + i) * blocks,
                                    input.values(), input.scales(), t * columns, columns);
                        }
                    }
                }
                for (; r < tileRows; r++) {
                    for (int t = 0; t < batch; t++) {
                        out[t * rows + tileStart + r] = Q8Dot.q8_0Expanded(levels, r * columns, scales, r * blocks,
                                input.values(), input.scales(), t * columns, columns);
                    }
                }
            }
        });
    }

    /** A Q8_0 or Q4_0 row's integer levels as floats and its block scales. */
    private void expand(int row, float[] levels, int at, float[] scales, int scalesAt) {
        if (type == TensorType.Q8_0) {
            Q8Dot.expandQ8_0(data, row * rowBytes, columns, levels, at, scales, scalesAt);
        } else {
            Q8Dot.expandQ4_0(data, row * rowBytes, columns, levels, at, scales, scalesAt);
        }
    }

    private float dot(int row, Quantization.PreparedInput x, int xOffset) {
        long offset = row * rowBytes;
        return switch (type) {
            case F16 -> VectorDot.f16(data, offset, x.values(), xOffset, columns);
            case BF16 -> VectorDot.bf16(data, offset, x.values(), xOffset, columns);
            case Q8_0 -> Q8Dot.q8_0(data, offset, x.values(), x.scales(), xOffset, columns);
            case Q4_0 -> Q8Dot.q4_0(data, offset, x.values(), x.scales(), xOffset, columns);
            case F32 -> throw new IllegalStateException("F32 rows are multiplied by F32Matrix");
            case Q2_K, Q3_K, Q4_K, Q5_K, Q6_K -> throw new IllegalStateException(type + " rows are multiplied by KQuantMatrix");
        };
    }

    /** Dequantizes one row into {@code out[offset ...]}: how token embeddings are looked up. */
    public void row(int row, float[] out, int offset) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("Row " + row + " outside " + name + " (" + rows + " rows)");
        }
        long base = row * rowBytes;
        switch (type) {
            case F32 -> MemorySegment.copy(data, ValueLayout.JAVA_FLOAT_UNALIGNED, base, out, offset, columns);
            case F16 -> {
                for (int i = 0; i < columns; i++) {
                    out[offset + i] = Float.float16ToFloat(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, base + 2L * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < columns; i++) {
                    out[offset + i] = Float.intBitsToFloat(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, base + 2L * i) << 16);
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < columns / Quantization.BLOCK; b++) {
                    long block = base + 34L * b;
                    float scale = Float.float16ToFloat(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, block));
                    for (int j = 0; j < Quantization.BLOCK; j++) {
                        out[offset + b * Quantization.BLOCK + j] = scale * data.get(ValueLayout.JAVA_BYTE, block + 2 + j);
                    }
                }
            }
            case Q4_0 -> {
                int half = Quantization.BLOCK / 2;
                for (int b = 0; b < columns / Quantization.BLOCK; b++) {
                    long block = base + 18L * b;
                    float scale = Float.float16ToFloat(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, block));
                    for (int j = 0; j < half; j++) {
                        int packed = data.get(ValueLayout.JAVA_BYTE, block + 2 + j) & 0xFF;
                        out[offset + b * Quantization.BLOCK + j] = scale * ((packed & 0x0F) - 8);
                        out[offset + b * Quantization.BLOCK + half + j] = scale * ((packed >>> 4) - 8);
                    }
                }
            }
            case Q2_K, Q3_K, Q4_K, Q5_K, Q6_K -> KQuantDecoder.decode(type, data, base, columns, out, offset);
        }
    }
}
