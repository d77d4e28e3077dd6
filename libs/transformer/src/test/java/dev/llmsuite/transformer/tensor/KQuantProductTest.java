package dev.llmsuite.transformer.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.reference.GgmlQuants;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * K-quant matrix products: every row and position against llama.cpp's CPU dot product and
 * against a scalar dequantize-then-dot in double precision, and the result of a position
 * independent of the batch it is computed in.
 */
class KQuantProductTest {

    /** Not a multiple of any row group size, so the last group is partly padding. */
    private static final int ROWS = 37;
    private static final int COLUMNS = 768;
    private static final int POSITIONS = 9;

    static TensorType[] kQuants() {
        return KQuantEncodingTest.kQuants();
    }

    private static WeightMatrix matrix(TensorType type, TestValues.Kind kind) {
        byte[] encoded = GgmlQuants.quantize(type, TestValues.of(kind, ROWS * COLUMNS, 5), ROWS, COLUMNS);
        return new WeightMatrix("w", type, MemorySegment.ofArray(encoded), ROWS, COLUMNS);
    }

    @ParameterizedTest
    @MethodSource("kQuants")
    void productsMatchLlamaCppAndAScalarReference(TensorType type) {
        for (TestValues.Kind weights : new TestValues.Kind[] {TestValues.Kind.WEIGHTS, TestValues.Kind.OUTLIERS, TestValues.Kind.POSITIVE}) {
            byte[] encoded = GgmlQuants.quantize(type, TestValues.of(weights, ROWS * COLUMNS, 5), ROWS, COLUMNS);
            WeightMatrix matrix = new WeightMatrix("w", type, MemorySegment.ofArray(encoded), ROWS, COLUMNS);
            float[] dequantized = GgmlQuants.dequantize(type, encoded, ROWS * COLUMNS);
            float[] x = TestValues.of(TestValues.Kind.GAUSSIAN, POSITIONS * COLUMNS, 9);
            float[] out = new float[POSITIONS * ROWS];
            matrix.multiply(x, POSITIONS, out);
            long rowBytes = type.bytesFor(COLUMNS);
            for (int t = 0; t < POSITIONS; t++) {
                float[] position = Arrays.copyOfRange(x, t * COLUMNS, (t + 1) * COLUMNS);
                byte[] q8k = GgmlQuants.quantizeQ8K(position);
                float[] activation = dequantizeQ8K(q8k);
                for (int r = 0; r < ROWS; r++) {
                    byte[] row = Arrays.copyOfRange(encoded, (int) (r * rowBytes), (int) ((r + 1) * rowBytes));
                    double exact = 0;
                    double magnitude = 0;
                    for (int i = 0; i < COLUMNS; i++) {
                        double term = (double) dequantized[r * COLUMNS + i] * activation[i];
                        exact += term;
                        magnitude += Math.abs(term);
                    }
                    double tolerance = 1e-5 * magnitude + 1e-30;
                    float ours = out[t * ROWS + r];
                    String where = type + " " + weights + " row " + r + " position " + t;
                    assertEquals(GgmlQuants.dot(type, row, q8k, COLUMNS), ours, tolerance, where + " against llama.cpp");
                    assertEquals(exact, ours, tolerance, where + " against dequantize-then-dot");
                }
            }
        }
    }

    /**
     * The largest integer sums a block can reach: levels at their extremes (sub-blocks of one
     * plateau value and a zero) times activations that all quantize to +-127. The kernels add up
     * products in 16-bit lanes; this is where a lane, or a row's two lanes added together, would
     * wrap around.
     */
    @ParameterizedTest
    @MethodSource("kQuants")
    void extremeSumsStayExact(TensorType type) {
        for (float plateau : new float[] {1f, -1f}) {
            float[] weights = new float[ROWS * COLUMNS];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = i % 16 == 0 ? 0f : plateau;
            }
            byte[] encoded = GgmlQuants.quantize(type, weights, ROWS, COLUMNS);
            WeightMatrix matrix = new WeightMatrix("w", type, MemorySegment.ofArray(encoded), ROWS, COLUMNS);
            long rowBytes = type.bytesFor(COLUMNS);
            for (float activation : new float[] {1f, -1f}) {
                float[] position = new float[COLUMNS];
                Arrays.fill(position, activation);
                byte[] q8k = GgmlQuants.quantizeQ8K(position);
                for (int batch : new int[] {1, 9}) {
                    float[] x = new float[batch * COLUMNS];
                    Arrays.fill(x, activation);
                    float[] out = new float[batch * ROWS];
                    matrix.multiply(x, batch, out);
                    for (int r = 0; r < ROWS; r++) {
                        byte[] row = Arrays.copyOfRange(encoded, (int) (r * rowBytes), (int) ((r + 1) * rowBytes));
                        float expected = GgmlQuants.dot(type, row, q8k, COLUMNS);
                        for (int t = 0; t < batch; t++) {
                            assertEquals(expected, out[t * ROWS + r], 1e-5 * Math.abs(expected) + 1e-6,
                                    type + " plateau " + plateau + " activation " + activation + " row " + r + " of a batch of " + batch);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kQuants")
    void aPositionsResultDoesNotDependOnItsBatch(TensorType type) {
        WeightMatrix matrix = matrix(type, TestValues.Kind.WEIGHTS);
        int most = 137;
        float[] x = TestValues.of(TestValues.Kind.GAUSSIAN, most * COLUMNS, 13);
        float[][] alone = new float[most][ROWS];
        for (int t = 0; t < most; t++) {
            matrix.multiply(Arrays.copyOfRange(x, t * COLUMNS, (t + 1) * COLUMNS), 1, alone[t]);
        }
        // Past 64, positions go in chunks: one chunk up to 72, then 64 at a time with the tail joining the last.
        for (int batch : new int[] {2, 3, 4, 5, 8, 9, 16, 17, 35, 65, 72, 73, 137}) {
            float[] out = new float[batch * ROWS];
            matrix.multiply(x, batch, out);
            for (int t = 0; t < batch; t++) {
                for (int r = 0; r < ROWS; r++) {
                    assertEquals(Float.floatToRawIntBits(alone[t][r]), Float.floatToRawIntBits(out[t * ROWS + r]),
                            type + " row " + r + " position " + t + " of a batch of " + batch);
                }
            }
        }
    }

    /** The activation llama.cpp multiplies with: d * q per value of each block_q8_K. */
    private static float[] dequantizeQ8K(byte[] q8k) {
        var buffer = java.nio.ByteBuffer.wrap(q8k).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[q8k.length / GgmlQuants.Q8K_BLOCK_BYTES * 256];
        for (int b = 0; b < values.length / 256; b++) {
            float d = buffer.getFloat(b * GgmlQuants.Q8K_BLOCK_BYTES);
            for (int i = 0; i < 256; i++) {
                values[b * 256 + i] = d * q8k[b * GgmlQuants.Q8K_BLOCK_BYTES + 4 + i];
            }
        }
        return values;
    }
}
