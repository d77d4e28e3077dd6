package dev.llmsuite.transformer.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmsuite.transformer.reference.GgmlQuants;
import dev.llmsuite.transformer.tensor.TestValues;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Activations quantized to Q8_K as llama.cpp's CPU backend quantizes them (its function, in its library). */
class Q8KActivationTest {

    private static final int COLUMNS = 768;
    private static final int POSITIONS = 5;

    @ParameterizedTest
    @EnumSource(TestValues.Kind.class)
    void scalesIntegersAndSumsAreLlamaCpps(TestValues.Kind kind) {
        float[] x = TestValues.of(kind, POSITIONS * COLUMNS, 3);
        Q8KActivation ours = Q8KActivation.quantize(x, 0, POSITIONS, COLUMNS);
        ByteBuffer expected = ByteBuffer.wrap(GgmlQuants.quantizeQ8K(x)).order(ByteOrder.LITTLE_ENDIAN);
        int superBlocks = COLUMNS / 256;
        for (int block = 0; block < POSITIONS * superBlocks; block++) {
            int position = block / superBlocks;
            int superBlock = block % superBlocks;
            int at = block * GgmlQuants.Q8K_BLOCK_BYTES;
            float d = expected.getFloat(at);
            assertEquals(Float.floatToRawIntBits(d), Float.floatToRawIntBits(ours.scale(position, superBlock)), kind + " scale");
            int[] levels = new int[256];
            int[] expectedLevels = new int[256];
            for (int i = 0; i < 256; i++) {
                levels[i] = ours.level(position, superBlock * 256 + i);
                expectedLevels[i] = expected.get(at + 4 + i);
            }
            assertArrayEquals(expectedLevels, levels, kind + " integers of block " + block);
            if (d == 0) {
                continue; // llama.cpp leaves an all-zero block's sums unwritten
            }
            for (int j = 0; j < 16; j++) {
                assertEquals(expected.getShort(at + 260 + 2 * j), ours.sum16(position, superBlock, j), kind + " sum " + j);
            }
        }
    }
}
