package dev.llmsuite.transformer.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The half floats that attention widens in vector lanes, against the JDK's own conversion. */
class PairedHalvesTest {

    /** Every finite half, as a low and as a high half, widens to the float {@link Float#float16ToFloat} gives. */
    @Test
    void everyFiniteHalfWidensExactly() {
        int lanes = VectorDot.F.length();
        int[] finite = IntStream.range(0, 1 << 16)
                .filter(bits -> (bits & 0x7C00) != 0x7C00).toArray();
        int[] pairs = new int[finite.length];
        for (int i = 0; i < finite.length; i++) {
            int partner = finite[finite.length - 1 - i];
            pairs[i] = (finite[i] & 0xFFFF) | (partner << 16);
        }
        float[] rows = new float[2 * lanes];
        for (int at = 0; at + lanes <= pairs.length; at += lanes) {
            // A key tile of two rows and one vector of keys: row 0 is the low halves, row 1 the high ones.
            PairedHalves.widenKeys(pairs, at, lanes, 2, rows);
            for (int k = 0; k < lanes; k++) {
                float expectedLow = Float.float16ToFloat((short) finite[at + k]);
                float expectedHigh = Float.float16ToFloat((short) finite[finite.length - 1 - at - k]);
                assertEquals(Float.floatToRawIntBits(expectedLow), Float.floatToRawIntBits(rows[k]), "half " + Integer.toHexString(finite[at + k]));
                assertEquals(Float.floatToRawIntBits(expectedHigh), Float.floatToRawIntBits(rows[lanes + k]));
            }
        }
    }

    /** The cache stores no infinities: beyond the half range a value saturates to the largest finite half. */
    @Test
    void storingSaturatesToTheHalfRange() {
        assertEquals(65504f, Float.float16ToFloat(PairedHalves.toHalf(1e6f)));
        assertEquals(-65504f, Float.float16ToFloat(PairedHalves.toHalf(Float.NEGATIVE_INFINITY)));
        assertEquals(Float.floatToFloat16(1.2345f), PairedHalves.toHalf(1.2345f));
        assertEquals(Float.floatToFloat16(-3e-6f), PairedHalves.toHalf(-3e-6f), "subnormal halves are kept");
    }

    /** Each dimension of a value vector and each key of a tile has a half of its own, within the ints the layout counts. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 16, 33, 64, 80, 96, 128})
    void layoutsGiveEachHalfItsOwnPlace(int n) {
        BitSet used = new BitSet();
        for (int d = 0; d < n; d++) {
            int index = PairedHalves.valueIndex(d, n);
            assertTrue(index < 2 * PairedHalves.valueInts(n) && !used.get(index), "dimension " + d + " of " + n);
            used.set(index);
        }
        int stride = 5;
        used.clear();
        for (int row = 0; row < n; row++) {
            for (int j = 0; j < stride; j++) {
                int index = PairedHalves.keyIndex(row, j, stride);
                assertTrue(index < 2 * PairedHalves.keyTileInts(n, stride) && !used.get(index), "row " + row + ", key " + j);
                used.set(index);
            }
        }
    }

    /** Widening a stored tile into floats puts every key and value where the float layouts keep them. */
    @ParameterizedTest
    @ValueSource(ints = {3, 16, 64, 80})
    void wideningRestoresTheFloatLayouts(int n) {
        int stride = 11;
        int[] keys = new int[PairedHalves.keyTileInts(n, stride) + 3];
        int[] values = new int[stride * PairedHalves.valueInts(n) + 3];
        float[] expectedKeys = new float[n * stride];
        float[] expectedValues = new float[n * stride];
        SplittableRandom random = new SplittableRandom(n);
        for (int row = 0; row < n; row++) {
            for (int j = 0; j < stride; j++) {
                short key = Float.floatToFloat16((float) random.nextGaussian());
                short value = Float.floatToFloat16((float) random.nextGaussian());
                set(keys, 6 + PairedHalves.keyIndex(row, j, stride), key);
                set(values, 6 + j * 2 * PairedHalves.valueInts(n) + PairedHalves.valueIndex(row, n), value);
                expectedKeys[row * stride + j] = Float.float16ToFloat(key);
                expectedValues[j * n + row] = Float.float16ToFloat(value);
            }
        }
        float[] widenedKeys = new float[n * stride];
        PairedHalves.widenKeys(keys, 3, stride, n, widenedKeys);
        assertArrayEquals(expectedKeys, widenedKeys);
        float[] widenedValues = new float[n * stride];
        PairedHalves.widenValues(values, 3, stride, n, widenedValues, 0);
        assertArrayEquals(expectedValues, widenedValues);
    }

    /** A value written whole ints at a time holds each dimension's half where {@code valueIndex} puts it. */
    @ParameterizedTest
    @ValueSource(ints = {3, 16, 48, 64, 80, 100})
    void writingAValuePutsEachHalfAtItsIndex(int n) {
        SplittableRandom random = new SplittableRandom(n);
        float[] value = new float[n + 5];
        for (int d = 0; d < value.length; d++) {
            value[d] = (float) random.nextGaussian();
        }
        int[] written = new int[PairedHalves.valueInts(n) + 4];
        PairedHalves.writeValue(value, 5, n, written, 2);
        int[] expected = new int[written.length];
        for (int d = 0; d < n; d++) {
            set(expected, 4 + PairedHalves.valueIndex(d, n), Float.floatToFloat16(value[5 + d]));
        }
        assertArrayEquals(expected, written);
    }

    /** Stores {@code half} at half index {@code index} of {@code pairs}: the layouts' definition, one half at a time. */
    private static void set(int[] pairs, int index, short half) {
        int shift = (index & 1) << 4;
        pairs[index >> 1] = (pairs[index >> 1] & ~(0xFFFF << shift)) | ((half & 0xFFFF) << shift);
    }
}
