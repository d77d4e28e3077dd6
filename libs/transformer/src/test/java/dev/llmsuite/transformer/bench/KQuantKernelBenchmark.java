package dev.llmsuite.transformer.bench;

import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.kernels.Parallel;
import dev.llmsuite.transformer.reference.GgmlQuants;
import dev.llmsuite.transformer.tensor.Quantization;
import dev.llmsuite.transformer.tensor.WeightMatrix;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Kernel micro benchmark: our K-quant (and Q8_0) matrix-vector and matrix-matrix products against
 * llama.cpp's CPU dot product for the same type (ggml_vec_dot_*_q8_K, one call per row and
 * position, rows long enough that the call itself costs little), on the same bytes and the same
 * number of threads (one by default: {@code -Dllmsuite.engine.threads=1}).
 *
 * <p>First the Vector API's peak multiply-adds per nanosecond on this machine ({@link VectorPeak}).
 * Then, per type, nanoseconds per 256-value super-block and the weight bytes read per second,
 * best of {@code bench.rounds} rounds, and the ratio llama.cpp time / our time (above 1: we are
 * faster), and the batched product's share of the peak that its lanes use. Options: {@code bench.rows} (4096), {@code bench.columns} (4096), {@code bench.batch}
 * (32), {@code bench.types} (Q4_K,Q6_K,...).
 */
public final class KQuantKernelBenchmark {

    public static void main(String[] args) {
        int rows = Integer.getInteger("bench.rows", 4096);
        int columns = Integer.getInteger("bench.columns", 4096);
        int batch = Integer.getInteger("bench.batch", 32);
        int rounds = Integer.getInteger("bench.rounds", 15);
        String types = System.getProperty("bench.types", "Q2_K,Q3_K,Q4_K,Q5_K,Q6_K");
        System.out.printf(Locale.ROOT, "kernel benchmark: %d x %d, batch %d, %d threads (ours), llama.cpp single-threaded per row%n",
                rows, columns, batch, Parallel.THREADS);
        double floatPeak = VectorPeak.floatMultiplyAddsPerNano();
        double shortPeak = VectorPeak.shortMultiplyAddsPerNano();
        System.out.printf(Locale.ROOT, "Vector API peak, one thread: %.1f float multiply-adds/ns (FloatVector.fma), %.1f 16-bit (ShortVector.mul + add)%n",
                floatPeak, shortPeak);
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[batch * columns];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (String name : types.split(",")) {
            TensorType type = TensorType.valueOf(name);
            float[] values = new float[rows * columns];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * 0.02);
            }
            byte[] encoded = Quantization.encode(type, values);
            MemorySegment data = Arena.ofAuto().allocate(encoded.length, 64).copyFrom(MemorySegment.ofArray(encoded));
            WeightMatrix matrix = new WeightMatrix("bench", type, data, rows, columns);
            float[] out = new float[batch * rows];
            double superBlocks = (double) rows * columns / 256;
            long decode = best(rounds, () -> matrix.multiply(x, 1, out));
            long prefill = batch > 1 ? best(Math.max(3, rounds / 4), () -> matrix.multiply(x, batch, out)) : 0;
            GgmlQuants.Dot reference = new GgmlQuants.Dot(type, GgmlQuants.quantizeQ8K(Arrays.copyOf(x, columns)));
            long rowBytes = type.bytesFor(columns);
            long llama = best(rounds, () -> {
                for (int r = 0; r < rows; r++) {
                    reference.dot(data, r * rowBytes, columns);
                }
            });
            System.out.printf(Locale.ROOT, "%-5s decode %6.2f ns/block (%5.1f GB/s)  llama.cpp %6.2f ns/block  ratio %.2f",
                    type, decode / superBlocks, encoded.length / (double) decode, llama / superBlocks, (double) llama / decode);
            if (batch > 1) {
                double prefillPerBlock = prefill / superBlocks / batch;
                boolean shortLanes = type.isKQuant();
                System.out.printf(Locale.ROOT, "   prefill %6.2f ns/block/position (%.0f%% of the %s peak)", prefillPerBlock,
                        100 * 256 / prefillPerBlock / (shortLanes ? shortPeak : floatPeak), shortLanes ? "16-bit" : "float");
            }
            System.out.println();
        }
    }

    /** Best of {@code rounds} timed runs, after running for {@code bench.warmupMillis} so that the JIT has compiled the kernels. */
    private static long best(int rounds, Runnable run) {
        long warmUntil = System.nanoTime() + Long.getLong("bench.warmupMillis", 3000) * 1_000_000;
        while (System.nanoTime() < warmUntil) {
            run.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            run.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
