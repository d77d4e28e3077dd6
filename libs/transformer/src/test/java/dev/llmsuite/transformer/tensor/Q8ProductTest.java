package dev.llmsuite.transformer.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.reference.GgmlQuants;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Q8_0 matrix products against llama.cpp: the activation quantized to the same bytes as the CPU
 * backend's {@code quantize_row_q8_0}, and every row and position equal to its
 * {@code ggml_vec_dot_q8_0_q8_0} and to a dequantize-then-dot in double precision. 37 rows leave
 * the last row group part empty. With vectors of 8 or 16 floats the rows are repacked one row per
 * lane ({@code kernels.Q8Matrix}); the narrow-vector test run (4 floats) multiplies them in ggml's
 * own layout ({@code kernels.Q8Dot}).
 */
class Q8ProductTest {

    private static final int ROWS = 37;
    private static final int POSITIONS = 9;

    @ParameterizedTest
    @ValueSource(ints = {512, 288})
    void productsMatchLlamaCppAndAScalarReference(int columns) {
        byte[] encoded = GgmlQuants.quantize(TensorType.Q8_0, TestValues.of(TestValues.Kind.WEIGHTS, ROWS * columns, 7), ROWS, columns);
        WeightMatrix matrix = new WeightMatrix("w", TensorType.Q8_0, MemorySegment.ofArray(encoded), ROWS, columns);
        float[] dequantized = GgmlQuants.dequantize(TensorType.Q8_0, encoded, ROWS * columns);
        float[] x = TestValues.of(TestValues.Kind.GAUSSIAN, POSITIONS * columns, 8);
        float[] out = new float[POSITIONS * ROWS];
        matrix.multiply(x, POSITIONS, out);
        long rowBytes = TensorType.Q8_0.bytesFor(columns);
        for (int t = 0; t < POSITIONS; t++) {
            float[] position = Arrays.copyOfRange(x, t * columns, (t + 1) * columns);
            byte[] q8 = GgmlQuants.quantizeQ8_0(position);
            assertSameActivation(q8, Quantization.prepare(TensorType.Q8_0, position, columns), "position " + t);
            float[] activation = dequantizeQ8_0(q8);
            for (int r = 0; r < ROWS; r++) {
                byte[] row = Arrays.copyOfRange(encoded, (int) (r * rowBytes), (int) ((r + 1) * rowBytes));
                double exact = 0;
                double magnitude = 0;
                for (int i = 0; i < columns; i++) {
                    double term = (double) dequantized[r * columns + i] * activation[i];
                    exact += term;
                    magnitude += Math.abs(term);
                }
                double tolerance = 1e-6 * magnitude;
                float ours = out[t * ROWS + r];
                String where = columns + " columns, row " + r + " position " + t;
                assertEquals(GgmlQuants.dot(TensorType.Q8_0, row, q8, columns), ours, tolerance, where + " against llama.cpp");
                assertEquals(exact, ours, tolerance, where + " against dequantize-then-dot");
            }
        }
    }

    /** Our quantized activation (integer values, block scales) equals llama.cpp's block_q8_0 bytes (+ 0f turns a level rounded from a small negative value, -0.0, into 0). */
    private static void assertSameActivation(byte[] q8, Quantization.PreparedInput ours, String where) {
        ByteBuffer blocks = ByteBuffer.wrap(q8).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < ours.scales().length; b++) {
            int at = b * 34;
            assertEquals(Float.float16ToFloat(blocks.getShort(at)), ours.scales()[b], where + " block " + b + " scale");
            for (int i = 0; i < 32; i++) {
                assertEquals((float) q8[at + 2 + i], ours.values()[b * 32 + i] + 0f, where + " block " + b + " value " + i);
            }
        }
    }

    /** The activation llama.cpp multiplies with: d * q per value of each block_q8_0. */
    private static float[] dequantizeQ8_0(byte[] q8) {
        ByteBuffer blocks = ByteBuffer.wrap(q8).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[q8.length / 34 * 32];
        for (int b = 0; b < values.length / 32; b++) {
            float d = Float.float16ToFloat(blocks.getShort(b * 34));
            for (int i = 0; i < 32; i++) {
                values[b * 32 + i] = d * q8[b * 34 + 2 + i];
            }
        }
        return values;
    }
}
