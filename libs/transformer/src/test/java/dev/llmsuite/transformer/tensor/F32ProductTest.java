package dev.llmsuite.transformer.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Float32 matrix products: every row and position is, bit for bit, the sum a plain loop computes
 * with one fused multiply-add per column from the first column to the last, whether the matrix
 * multiplies one position or nine, and close to the product in double precision. 37 rows leave
 * the last row group part empty, at every vector width (the narrow-vector test run has four rows
 * per group, AVX2 eight, AVX-512 sixteen).
 */
class F32ProductTest {

    private static final int ROWS = 37;
    private static final int POSITIONS = 9;

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 768, 2050})
    void everyResultIsTheRowsSequentialFusedSum(int columns) {
        float[] weights = TestValues.of(TestValues.Kind.WEIGHTS, ROWS * columns, 11);
        ByteBuffer bytes = ByteBuffer.allocate(4 * weights.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(weights);
        WeightMatrix matrix = new WeightMatrix("w", TensorType.F32, MemorySegment.ofArray(bytes.array()), ROWS, columns);
        float[] x = TestValues.of(TestValues.Kind.GAUSSIAN, POSITIONS * columns, 12);
        float[] batched = new float[POSITIONS * ROWS];
        matrix.multiply(x, POSITIONS, batched);
        for (int t = 0; t < POSITIONS; t++) {
            float[] position = new float[columns];
            System.arraycopy(x, t * columns, position, 0, columns);
            float[] alone = new float[ROWS];
            matrix.multiply(position, 1, alone);
            for (int r = 0; r < ROWS; r++) {
                float sequential = 0;
                double exact = 0;
                double magnitude = 0;
                for (int c = 0; c < columns; c++) {
                    sequential = Math.fma(weights[r * columns + c], position[c], sequential);
                    exact += (double) weights[r * columns + c] * position[c];
                    magnitude += Math.abs((double) weights[r * columns + c] * position[c]);
                }
                String where = columns + " columns, row " + r + " position " + t;
                assertEquals(sequential, batched[t * ROWS + r], where + " in a batch of " + POSITIONS);
                assertEquals(sequential, alone[r], where + " alone");
                assertEquals(exact, batched[t * ROWS + r], 1e-5 * magnitude, where + " against double precision");
            }
        }
    }
}
