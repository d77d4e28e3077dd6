package dev.llmsuite.transformer.bench;

import dev.llmsuite.transformer.Session;
import dev.llmsuite.transformer.attention.BlockedAttention;
import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.cache.BlockTable;
import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.kernels.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Attention alone, as one decoding step sees it: every stream's next token attends over its
 * cached positions in every layer ({@link BlockedAttention} over a {@link BlockPool}), or as a
 * prompt chunk over a cached prefix does (a case with new rows, see below), with the
 * cache in float32 and in half floats. Per case (streams x context) it prints the best step time
 * of {@code bench.rounds} for each cache type, their ratio, and for the half-float cache the time
 * per cached position and head and the bytes of keys and values read per second.
 *
 * <p>Two layouts of the sequences' blocks: each sequence's blocks in one run (a prompt prefilled at
 * once takes consecutive blocks) and, with several streams, blocks taken in turn (sequences that
 * decode side by side each take their next block when they cross a block boundary, so their
 * blocks interleave in the pool). The whole model's decode at long contexts, against llama.cpp,
 * is in {@code ./suite bench generation}; this one shows where attention's time goes.
 *
 * <p>Options: {@code bench.cases} ("1x1024,1x4096,16x256,16x1024": streams x context; "1x1000+100"
 * for 100 new rows per stream, as a prompt chunk over a cached prefix),
 * {@code bench.layers} (12), {@code bench.heads} (12), {@code bench.kv-heads} (12),
 * {@code bench.head-size} (64): the 110M shape's attention; {@code bench.block} (the engine's, 32),
 * {@code bench.rounds} (20). Threads: {@code llmsuite.engine.threads}.
 */
public final class AttentionBenchmark {

    private static final int LAYERS = Integer.getInteger("bench.layers", 12);
    private static final int HEADS = Integer.getInteger("bench.heads", 12);
    private static final int KV_HEADS = Integer.getInteger("bench.kv-heads", 12);
    private static final int HEAD_SIZE = Integer.getInteger("bench.head-size", 64);
    private static final int BLOCK = Integer.getInteger("bench.block", Session.BLOCK_SIZE);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 20);

    private AttentionBenchmark() {
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "attention benchmark: %d layers x %d query heads over %d key/value heads of %d, blocks of %d, %d threads,"
                + " best of %d steps%n", LAYERS, HEADS, KV_HEADS, HEAD_SIZE, BLOCK, Parallel.THREADS, ROUNDS);
        System.out.println("| streams x context | blocks | F32 ms/step | F16 ms/step | F16/F32 time | F16 ns per position and head | F16 GB/s |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        double logRatios = 0;
        int cases = 0;
        for (String spec : System.getProperty("bench.cases", "1x1024,1x4096,16x256,16x1024").split(",")) {
            int streams = Integer.parseInt(spec.substring(0, spec.indexOf('x')).trim());
            int plus = spec.indexOf('+');
            int context = Integer.parseInt(spec.substring(spec.indexOf('x') + 1, plus < 0 ? spec.length() : plus).trim());
            int rows = plus < 0 ? 1 : Integer.parseInt(spec.substring(plus + 1).trim());
            for (boolean inTurn : streams > 1 ? new boolean[] {false, true} : new boolean[] {false}) {
                double f32 = bestStep(KvCacheType.F32, streams, context, rows, inTurn);
                double f16 = bestStep(KvCacheType.F16, streams, context, rows, inTurn);
                double positionHeads = (double) LAYERS * HEADS * streams * rows * (context + (rows + 1) / 2.0);
                double bytes = (double) LAYERS * streams * (context + rows) * KV_HEADS * HEAD_SIZE * 2 * KvCacheType.F16.bytes();
                System.out.printf(Locale.ROOT, "| %d x %d%s | %s | %.3f | %.3f | %.2f | %.2f | %.1f |%n", streams, context,
                        rows > 1 ? " + " + rows + " rows" : "", inTurn ? "taken in turn" : "one run per sequence", f32 / 1e6, f16 / 1e6,
                        f16 / f32, f16 / positionHeads, bytes / f16);
                logRatios += Math.log(f16 / f32);
                cases++;
            }
        }
        System.out.printf(Locale.ROOT, "RESULT attention f16_vs_f32_time=%.2f%n", Math.exp(logRatios / cases));
    }

    /**
     * Nanoseconds of the best of {@link #ROUNDS} steps (every layer) after as many untimed ones: each
     * stream's {@code rows} new positions (one when decoding, a prompt chunk's otherwise) attend
     * over its {@code context} cached ones and each other, causally.
     */
    private static double bestStep(KvCacheType type, int streams, int context, int rows, boolean inTurn) {
        int kvDim = KV_HEADS * HEAD_SIZE;
        int blocksEach = (context + rows + BLOCK - 1) / BLOCK;
        BlockPool pool = new BlockPool(LAYERS, KV_HEADS, HEAD_SIZE, BLOCK, streams * blocksEach, type, false);
        List<BlockTable> tables = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            tables.add(new BlockTable());
        }
        for (int blocks = inTurn ? 1 : blocksEach; blocks <= blocksEach; blocks++) {
            for (BlockTable table : tables) {
                pool.grow(table, blocks);
            }
        }
        SplittableRandom random = new SplittableRandom(context);
        Batch.Builder step = Batch.builder();
        for (BlockTable table : tables) {
            Batch fill = Batch.builder().add(table.toArray(), new int[context + rows], 0, context + rows, 0, false).build();
            for (int layer = 0; layer < LAYERS; layer++) {
                pool.write(layer, fill, gaussian(random, (context + rows) * kvDim), gaussian(random, (context + rows) * kvDim));
            }
            step.add(table.toArray(), new int[rows], 0, rows, context, false);
        }
        Batch decode = step.build();
        float[] q = gaussian(random, streams * rows * HEADS * HEAD_SIZE);
        float[] out = new float[q.length];
        BlockedAttention attention = new BlockedAttention(HEADS, KV_HEADS, HEAD_SIZE);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 2 * ROUNDS; round++) {
            long start = System.nanoTime();
            for (int layer = 0; layer < LAYERS; layer++) {
                attention.attend(q, decode, pool, layer, out);
            }
            long elapsed = System.nanoTime() - start;
            if (round >= ROUNDS) {
                best = Math.min(best, elapsed);
            }
        }
        return best;
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
