package dev.llmsuite.transformer.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A position's product must be bit for bit the same whether it is computed alone (decoding one
 * sequence) or inside a batch of any size (a prompt, or the sequences a continuous batch decodes
 * together): otherwise a sequence's greedy continuation would change with its batch mates. Row
 * counts that are not multiples of the kernels' row tiles and odd batch sizes exercise every
 * tail path; 1,000 rows give every thread's share of the row groups the four-group tiles of the
 * batched kernels.
 */
class BatchInvarianceTest {

    /** Whole Q8_0 lane groups (repacked rows), and a width that is not (rows in ggml's layout). */
    private static final int[] COLUMNS = {512, 288};
    private static final int[] BATCHES = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33};

    @ParameterizedTest
    @EnumSource(TensorType.class)
    void aPositionsResultDoesNotDependOnItsBatch(TensorType type) {
        for (int columns : COLUMNS) {
            if (columns % type.blockSize == 0) {
                assertBatchInvariant(type, columns);
            }
        }
    }

    private static void assertBatchInvariant(TensorType type, int columns) {
        for (int rows : new int[] {37, 160, 1000}) {
            byte[] encoded = Quantization.encode(type, TestValues.of(TestValues.Kind.WEIGHTS, rows * columns, 21));
            WeightMatrix matrix = new WeightMatrix("w", type, MemorySegment.ofArray(encoded), rows, columns);
            int most = BATCHES[BATCHES.length - 1];
            float[] x = TestValues.of(TestValues.Kind.GAUSSIAN, most * columns, 22);
            float[][] alone = new float[most][rows];
            for (int t = 0; t < most; t++) {
                matrix.multiply(Arrays.copyOfRange(x, t * columns, (t + 1) * columns), 1, alone[t]);
            }
            for (int batch : BATCHES) {
                float[] out = new float[batch * rows];
                matrix.multiply(x, batch, out);
                for (int t = 0; t < batch; t++) {
                    for (int r = 0; r < rows; r++) {
                        assertEquals(Float.floatToRawIntBits(alone[t][r]), Float.floatToRawIntBits(out[t * rows + r]),
                                type + ", " + rows + " rows of " + columns + ": row " + r + " of position " + t + " in a batch of " + batch);
                    }
                }
            }
        }
    }
}
