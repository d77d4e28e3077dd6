package dev.llmsuite.transformer.bench;

import java.util.function.LongConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The most multiply-adds per nanosecond one thread gets from the Vector API on this machine, for
 * the two products the matrix kernels are built on: float fused multiply-adds (float32 and Q8_0
 * rows, widened to floats) and 16-bit multiplies followed by 16-bit adds (the K-quants' lanes). A
 * batched kernel's multiply-adds per nanosecond over these peaks says how much of the gap to an
 * int8 dot-product instruction is left to gain inside the API.
 *
 * <p>Twelve independent accumulators hide the latency of each operation, so the loops run at the
 * throughput of the vector units; the operands come from arrays so that the JIT cannot fold them.
 * The 16-bit loop multiplies each accumulator by an operand ({@code s += s * b}): a product of
 * two loop invariants would be computed once, before the loop.
 */
final class VectorPeak {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_PREFERRED;
    private static final long STEPS = 20_000_000;
    private static final int ROUNDS = 5;
    /** Short calls first, so that C2 compiles each loop as a whole method before it is timed. */
    private static final int WARM_UP_CALLS = 300;
    private static final long WARM_UP_STEPS = 10_000;
    /** A result no one reads, written so that the JIT keeps the loops. */
    private static volatile float sink;

    private VectorPeak() {
    }

    /** Float multiply-adds per nanosecond on one thread: {@code FloatVector.fma}, every lane counted. */
    static double floatMultiplyAddsPerNano() {
        float[] operands = new float[3 * FLOATS.length()];
        for (int i = 0; i < operands.length; i++) {
            operands[i] = 1e-9f * (i + 1);
        }
        return 12.0 * STEPS * FLOATS.length() / bestNanos(steps -> sink = floatLoop(operands, steps));
    }

    /** 16-bit multiply-adds per nanosecond on one thread: {@code ShortVector.mul} then {@code add}, every lane counted. */
    static double shortMultiplyAddsPerNano() {
        short[] operands = new short[3 * SHORTS.length()];
        for (int i = 0; i < operands.length; i++) {
            operands[i] = (short) (i % 7 - 3);
        }
        return 12.0 * STEPS * SHORTS.length() / bestNanos(steps -> sink = shortLoop(operands, steps));
    }

    /** The best of {@link #ROUNDS} timed runs of {@link #STEPS} steps, after the warm-up calls. */
    private static long bestNanos(LongConsumer loop) {
        for (int call = 0; call < WARM_UP_CALLS; call++) {
            loop.accept(WARM_UP_STEPS);
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            loop.accept(STEPS);
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    private static float floatLoop(float[] operands, long steps) {
        FloatVector a = FloatVector.fromArray(FLOATS, operands, 0);
        FloatVector b = FloatVector.fromArray(FLOATS, operands, FLOATS.length());
        FloatVector c = FloatVector.fromArray(FLOATS, operands, 2 * FLOATS.length());
        FloatVector s0 = FloatVector.zero(FLOATS);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        FloatVector s4 = s0;
        FloatVector s5 = s0;
        FloatVector s6 = s0;
        FloatVector s7 = s0;
        FloatVector s8 = s0;
        FloatVector s9 = s0;
        FloatVector s10 = s0;
        FloatVector s11 = s0;
        for (long i = 0; i < steps; i++) {
            s0 = a.fma(b, s0);
            s1 = a.fma(c, s1);
            s2 = b.fma(c, s2);
            s3 = a.fma(a, s3);
            s4 = b.fma(b, s4);
            s5 = c.fma(c, s5);
            s6 = c.fma(a, s6);
            s7 = c.fma(b, s7);
            s8 = b.fma(a, s8);
            s9 = a.fma(b, s9);
            s10 = b.fma(c, s10);
            s11 = c.fma(a, s11);
        }
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static float shortLoop(short[] operands, long steps) {
        ShortVector a = ShortVector.fromArray(SHORTS, operands, 0);
        ShortVector b = ShortVector.fromArray(SHORTS, operands, SHORTS.length());
        ShortVector c = ShortVector.fromArray(SHORTS, operands, 2 * SHORTS.length());
        ShortVector s0 = a;
        ShortVector s1 = b;
        ShortVector s2 = c;
        ShortVector s3 = a.add(b);
        ShortVector s4 = b.add(c);
        ShortVector s5 = c.add(a);
        ShortVector s6 = a.sub(b);
        ShortVector s7 = b.sub(c);
        ShortVector s8 = c.sub(a);
        ShortVector s9 = a.add(a);
        ShortVector s10 = b.add(b);
        ShortVector s11 = c.add(c);
        for (long i = 0; i < steps; i++) {
            s0 = s0.add(s0.mul(b));
            s1 = s1.add(s1.mul(c));
            s2 = s2.add(s2.mul(c));
            s3 = s3.add(s3.mul(a));
            s4 = s4.add(s4.mul(b));
            s5 = s5.add(s5.mul(c));
            s6 = s6.add(s6.mul(a));
            s7 = s7.add(s7.mul(b));
            s8 = s8.add(s8.mul(a));
            s9 = s9.add(s9.mul(b));
            s10 = s10.add(s10.mul(c));
            s11 = s11.add(s11.mul(a));
        }
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11)
                .reduceLanes(VectorOperators.ADD);
    }
}
