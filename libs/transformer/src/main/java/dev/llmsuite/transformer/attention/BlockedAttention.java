package dev.llmsuite.transformer.attention;

import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.cache.TileView;
import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.kernels.KeyScores;
import dev.llmsuite.transformer.kernels.Parallel;
import dev.llmsuite.transformer.kernels.SoftmaxExp;
import dev.llmsuite.transformer.kernels.VectorAxpy;
import java.util.Arrays;

/**
 * Causal multi-head attention over the paged KV-cache, computed block by block with an online
 * softmax: each query walks its own sequence's block table, one KV-cache block per tile, keeping
 * a running maximum, a running sum of exponentials and a running weighted sum of values, rescaled
 * whenever the maximum grows. No row of scores longer than a block (let alone an n x n matrix)
 * ever exists, so scratch memory is one block's scores, one head of values and (for a half-precision
 * cache, widened to floats) one block's key and value tiles per worker, whatever the context length.
 *
 * <p>Every row of a batch attends over its own sequence's positions up to its own, and nothing
 * else: the same kernel serves a prompt chunk (its rows see each other causally), one decoded
 * token, or both for many sequences at once, and a row's result does not depend on its batch
 * mates. Grouped-query attention: query head h reads key/value head {@code h / (heads / kvHeads)}.
 *
 * <p>Two options serve Gemma and Mistral-style models: a sliding window, within which a query at
 * position p sees only positions p - window + 1 .. p (llama.cpp masks a key when p - key >=
 * window), and soft-capping of the scores, cap * tanh(score / cap), before the softmax.
 *
 * <p>A batch may carry an {@link AttentionObserver}: for the heads it observes, each row's scores
 * are also kept and turned into the row's probabilities once its softmax is complete.
 */
public final class BlockedAttention {

    private final int heads;
    private final int kvHeads;
    private final int headSize;
    private final float scale;
    private final float softCap;
    private final int window;

    /** Scores scaled by 1/sqrt(headSize), neither capped nor windowed. */
    public BlockedAttention(int heads, int kvHeads, int headSize) {
        this(heads, kvHeads, headSize, (float) (1.0 / Math.sqrt(headSize)), 0f, 0);
    }

    /**
     * @param scale   multiplies every query-key dot product
     * @param softCap when positive, caps the scaled scores softly at +-softCap
     * @param window  when positive, the number of positions (its own included) a query sees
     */
    public BlockedAttention(int heads, int kvHeads, int headSize, float scale, float softCap, int window) {
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads cannot share " + kvHeads + " key/value heads evenly");
        }
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headSize = headSize;
        this.scale = scale;
        this.softCap = softCap;
        this.window = window;
    }

    /**
     * Attention output of every batch row in layer {@code layer}. {@code q} holds
     * {@code heads x headSize} floats per row, {@code out} is shaped like it; keys and values come
     * from {@code cache}, where the rows' own keys and values must already be written.
     */
    public void attend(float[] q, Batch batch, BlockPool cache, int layer, float[] out) {
        int blockSize = cache.blockSize();
        int visibleMost = window > 0 ? Math.min(window, batch.longestContext()) : batch.longestContext();
        AttentionObserver observer = batch.attentionObserver();
        Parallel.forRange(batch.rows() * heads, (long) visibleMost * headSize * 2, (from, to) -> {
            float[] scores = new float[blockSize];
            float[] accumulator = new float[headSize];
            TileView tile = cache.newView();
            for (int task = from; task < to; task++) {
                int row = task / heads;
                int head = task % heads;
                int position = batch.position(row);
                float[] observed = observer != null && observer.observes(layer, head) ? new float[position + 1] : null;
                attendOne(q, row, head, position, batch.blockTable(row), cache, layer, out, scores, accumulator, tile, observed);
                if (observed != null) {
                    observer.record(layer, row, head, observed);
                }
            }
        });
    }

    /**
     * One row's one head. When {@code observed} is given (one float per visible-or-not position),
     * it receives the row's scores tile by tile and, at the end, the probabilities.
     */
    private void attendOne(float[] q, int row, int head, int position, int[] blocks, BlockPool cache, int layer, float[] out,
                           float[] scores, float[] accumulator, TileView tile, float[] observed) {
        int qOffset = (row * heads + head) * headSize;
        int blockSize = cache.blockSize();
        int kvHead = head / (heads / kvHeads);
        float runningMax = Float.NEGATIVE_INFINITY;
        float runningSum = 0;
        Arrays.fill(accumulator, 0f);
        int firstVisible = window > 0 ? Math.max(0, position - window + 1) : 0;
        float inverseCap = softCap > 0 ? 1f / softCap : 0f;
        for (int b = firstVisible / blockSize; b * blockSize <= position; b++) {
            int first = Math.max(0, firstVisible - b * blockSize);
            int length = Math.min(blockSize, position + 1 - b * blockSize);
            cache.read(blocks[b], layer, kvHead, first, length, tile);
            float tileMax = Float.NEGATIVE_INFINITY;
            KeyScores.score(q, qOffset, tile.keys(), tile.keyStart(), blockSize, first, length, headSize, scores);
            for (int j = first; j < length; j++) {
                float score = scores[j] * scale;
                if (softCap > 0) {
                    score = Activation.softCap(score, softCap, inverseCap);
                }
                scores[j] = score;
                tileMax = Math.max(tileMax, score);
            }
            if (observed != null) {
                System.arraycopy(scores, first, observed, b * blockSize + first, length - first);
            }
            float newMax = Math.max(runningMax, tileMax);
            float correction = (float) Math.exp(runningMax - newMax);
            if (correction != 1f) {
                runningSum *= correction;
                for (int i = 0; i < headSize; i++) {
                    accumulator[i] *= correction;
                }
            }
            SoftmaxExp.apply(scores, first, length, newMax);
            for (int j = first; j < length; j++) {
                runningSum += scores[j];
            }
            VectorAxpy.applyMany(scores, first, length - first, tile.values(), tile.valueStart() + first * headSize, headSize, accumulator,
                    headSize);
            runningMax = newMax;
        }
        float inverse = 1f / runningSum;
        for (int i = 0; i < headSize; i++) {
            out[qOffset + i] = accumulator[i] * inverse;
        }
        if (observed != null) {
            toProbabilities(observed, firstVisible, runningMax, inverse);
        }
    }

    /** Scores of the visible positions to the softmax the values were weighted with; hidden ones to 0. */
    private static void toProbabilities(float[] scores, int firstVisible, float max, float inverseSum) {
        Arrays.fill(scores, 0, firstVisible, 0f);
        SoftmaxExp.apply(scores, firstVisible, scores.length, max);
        for (int j = firstVisible; j < scores.length; j++) {
            scores[j] *= inverseSum;
        }
    }
}
