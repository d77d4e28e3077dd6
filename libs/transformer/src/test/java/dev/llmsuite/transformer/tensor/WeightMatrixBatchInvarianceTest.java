package dev.llmsuite.transformer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kernel computes a (row, position) the same way whatever the batch size: a position's
 * outputs in batches of 1 to 17 are bit-identical. This is what lets a sequence decode to the same
 * tokens alone and in any batch. Row counts and widths are chosen to hit every remainder path (rows
 * not a multiple of four or of the row tile, columns not a multiple of the vector length).
 */
class WeightMatrixBatchInvarianceTest {

    private static final int ROWS = 67;

    @ParameterizedTest
    @EnumSource(TensorType.class)
    void eachPositionsOutputIsTheSameInEveryBatchSize(TensorType type) {
        int columns = type == TensorType.Q8_0 || type == TensorType.Q4_0 ? 160 : 100;
        SplittableRandom random = new SplittableRandom(type.ordinal() + 1);
        WeightMatrix matrix = matrix(type, columns, random);
        int largest = 17;
        float[] inputs = new float[largest * columns];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextGaussian();
        }
        float[][] alone = new float[largest][ROWS];
        for (int t = 0; t < largest; t++) {
            matrix.multiply(Arrays.copyOfRange(inputs, t * columns, (t + 1) * columns), 1, alone[t]);
        }
        for (int batch = 2; batch <= largest; batch++) {
            float[] out = new float[batch * ROWS];
            matrix.multiply(Arrays.copyOf(inputs, batch * columns), batch, out);
            for (int t = 0; t < batch; t++) {
                assertArrayEquals(alone[t], Arrays.copyOfRange(out, t * ROWS, (t + 1) * ROWS),
                        type + ": position " + t + " in a batch of " + batch);
            }
        }
    }

    private static WeightMatrix matrix(TensorType type, int columns, SplittableRandom random) {
        float[] weights = new float[ROWS * columns];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (random.nextGaussian() / Math.sqrt(columns));
        }
        byte[] bytes = Quantization.encode(type, weights);
        MemorySegment data = Arena.ofAuto().allocate(bytes.length, 64);
        MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return new WeightMatrix("test", type, data, ROWS, columns);
    }
}
