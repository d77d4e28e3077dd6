package dev.llmsuite.transformer.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.reference.GgmlQuants;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our K-quant encoder and decoder against llama.cpp's own functions (called in its library): the
 * same bytes, the same floats, bit for bit.
 */
class KQuantEncodingTest {

    private static final int ROWS = 48;
    private static final int COLUMNS = 512;

    static TensorType[] kQuants() {
        return new TensorType[] {TensorType.Q2_K, TensorType.Q3_K, TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K};
    }

    @ParameterizedTest
    @MethodSource("kQuants")
    void encodingIsByteForByteLlamaCppsReferenceQuantizer(TensorType type) {
        for (TestValues.Kind kind : TestValues.Kind.values()) {
            float[] values = TestValues.of(kind, ROWS * COLUMNS, 7);
            byte[] expected = GgmlQuants.quantize(type, values, ROWS, COLUMNS);
            byte[] actual = Quantization.encode(type, values);
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                if (expected[i] != actual[i]) {
                    int block = i / type.blockBytes;
                    throw new AssertionError(type + " " + kind + ": byte " + (i % type.blockBytes) + " of block " + block + " is "
                            + actual[i] + ", llama.cpp writes " + expected[i]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kQuants")
    void decodingIsBitForBitLlamaCppsDequantizer(TensorType type) {
        for (TestValues.Kind kind : TestValues.Kind.values()) {
            byte[] encoded = GgmlQuants.quantize(type, TestValues.of(kind, ROWS * COLUMNS, 11), ROWS, COLUMNS);
            float[] expected = GgmlQuants.dequantize(type, encoded, ROWS * COLUMNS);
            WeightMatrix matrix = new WeightMatrix("m", type, MemorySegment.ofArray(encoded), ROWS, COLUMNS);
            float[] row = new float[COLUMNS];
            for (int r = 0; r < ROWS; r++) {
                matrix.row(r, row, 0);
                for (int i = 0; i < COLUMNS; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[r * COLUMNS + i]), Float.floatToRawIntBits(row[i]),
                            () -> type + " " + kind + " value mismatch");
                }
            }
        }
    }
}
