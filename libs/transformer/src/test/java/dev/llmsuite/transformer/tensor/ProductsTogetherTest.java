package dev.llmsuite.transformer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.llmsuite.transformer.gguf.TensorType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A layer's projections of one input, handed to the thread team as one job, must give every
 * matrix exactly the bits it gives when multiplied on its own: the fused job only changes which
 * thread computes which rows. The matrices mix every type a K-quant preset puts side by side
 * (and types that have no split form), with row counts that are not multiples of a row group.
 */
class ProductsTogetherTest {

    private static final int COLUMNS = 512;
    private static final TensorType[] TYPES = {
        TensorType.Q4_K, TensorType.Q6_K, TensorType.Q8_0, TensorType.F32, TensorType.Q5_K, TensorType.F16, TensorType.Q4_0
    };

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 64, 70})
    void eachResultEqualsItsOwnProduct(int batch) {
        List<WeightMatrix> matrices = new ArrayList<>();
        List<float[]> together = new ArrayList<>();
        for (int i = 0; i < TYPES.length; i++) {
            int rows = 37 + 24 * i;
            byte[] encoded = Quantization.encode(TYPES[i], TestValues.of(TestValues.Kind.WEIGHTS, rows * COLUMNS, 31 + i));
            matrices.add(new WeightMatrix("w" + i, TYPES[i], MemorySegment.ofArray(encoded), rows, COLUMNS));
            together.add(new float[batch * rows]);
        }
        float[] x = TestValues.of(TestValues.Kind.GAUSSIAN, batch * COLUMNS, 17);

        WeightMatrix.multiplyEach(x, batch, matrices, together);

        for (int i = 0; i < matrices.size(); i++) {
            WeightMatrix matrix = matrices.get(i);
            float[] alone = new float[batch * matrix.rows()];
            matrix.multiply(x, batch, alone);
            assertArrayEquals(alone, together.get(i), matrix.type() + " in a batch of " + batch);
        }
    }
}
