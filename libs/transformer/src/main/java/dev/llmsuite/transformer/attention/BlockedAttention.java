package dev.llmsuite.transformer.attention;

import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.kernels.Parallel;
import dev.llmsuite.transformer.kernels.VectorAxpy;
import dev.llmsuite.transformer.kernels.VectorDot;
import java.util.Arrays;

/**
 * Causal multi-head attention over the KV-cache, computed tile by tile with an online softmax:
 * each query walks the keys in tiles of {@code tileSize}, keeping a running maximum, a running sum
 * of exponentials and a running weighted sum of values, rescaled whenever the maximum grows. No
 * row of scores longer than a tile (let alone an n x n matrix) ever exists, so scratch memory is
 * O(tile + headSize) per worker whatever the context length.
 *
 * <p>The same kernel serves prefill (many queries, query i sees positions up to
 * {@code firstPosition + i}) and decode (one query that sees the whole cache). Grouped-query
 * attention: query head h reads key/value head {@code h / (heads / kvHeads)}.
 *
 * <p>Two options serve Gemma and Mistral-style models: a sliding window, within which a query at
 * position p sees only positions p - window + 1 .. p (llama.cpp masks a key when p - key >=
 * window), and soft-capping of the scores, cap * tanh(score / cap), before the softmax.
 */
public final class BlockedAttention {

    public static final int DEFAULT_TILE = 64;

    private final int heads;
    private final int kvHeads;
    private final int headSize;
    private final int tileSize;
    private final float scale;
    private final float softCap;
    private final int window;

    /** Scores scaled by 1/sqrt(headSize), neither capped nor windowed. */
    public BlockedAttention(int heads, int kvHeads, int headSize, int tileSize) {
        this(heads, kvHeads, headSize, tileSize, (float) (1.0 / Math.sqrt(headSize)), 0f, 0);
    }

    /**
     * @param scale   multiplies every query-key dot product
     * @param softCap when positive, caps the scaled scores softly at +-softCap
     * @param window  when positive, the number of positions (its own included) a query sees
     */
    public BlockedAttention(int heads, int kvHeads, int headSize, int tileSize, float scale, float softCap, int window) {
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads cannot share " + kvHeads + " key/value heads evenly");
        }
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headSize = headSize;
        this.tileSize = tileSize;
        this.scale = scale;
        this.softCap = softCap;
        this.window = window;
    }

    /** Floats of scratch one worker needs: a tile of scores and one head of accumulated values. */
    public int scratchFloats() {
        return tileSize + headSize;
    }

    /**
     * Attention output for {@code queries} consecutive positions starting at {@code firstPosition}.
     * {@code q} holds {@code heads x headSize} floats per query; {@code keys}/{@code values} hold
     * {@code kvHeads x headSize} floats per cached position; {@code out} is shaped like {@code q}.
     */
    public void attend(float[] q, int queries, int firstPosition, float[] keys, float[] values, float[] out) {
        int visibleMost = window > 0 ? Math.min(window, firstPosition + queries) : firstPosition + queries;
        Parallel.forRange(queries * heads, (long) visibleMost * headSize * 2, (from, to) -> {
            float[] scores = new float[tileSize];
            float[] accumulator = new float[headSize];
            for (int task = from; task < to; task++) {
                int query = task / heads;
                int head = task % heads;
                attendOne(q, query, head, firstPosition + query, keys, values, out, scores, accumulator);
            }
        });
    }

    private void attendOne(float[] q, int query, int head, int position, float[] keys, float[] values, float[] out,
                           float[] scores, float[] accumulator) {
        int qOffset = (query * heads + head) * headSize;
        int kvDim = kvHeads * headSize;
        int kvOffset = head / (heads / kvHeads) * headSize;
        float runningMax = Float.NEGATIVE_INFINITY;
        float runningSum = 0;
        Arrays.fill(accumulator, 0f);
        int firstVisible = window > 0 ? Math.max(0, position - window + 1) : 0;
        float inverseCap = softCap > 0 ? 1f / softCap : 0f;
        for (int tileStart = firstVisible; tileStart <= position; tileStart += tileSize) {
            int tileLength = Math.min(tileSize, position + 1 - tileStart);
            float tileMax = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < tileLength; j++) {
                float score = VectorDot.f32(q, qOffset, keys, (tileStart + j) * kvDim + kvOffset, headSize) * scale;
                if (softCap > 0) {
                    score = Activation.softCap(score, softCap, inverseCap);
                }
                scores[j] = score;
                tileMax = Math.max(tileMax, score);
            }
            float newMax = Math.max(runningMax, tileMax);
            float correction = (float) Math.exp(runningMax - newMax);
            runningSum *= correction;
            for (int i = 0; i < headSize; i++) {
                accumulator[i] *= correction;
            }
            for (int j = 0; j < tileLength; j++) {
                float weight = (float) Math.exp(scores[j] - newMax);
                runningSum += weight;
                VectorAxpy.apply(weight, values, (tileStart + j) * kvDim + kvOffset, accumulator, headSize);
            }
            runningMax = newMax;
        }
        float inverse = 1f / runningSum;
        for (int i = 0; i < headSize; i++) {
            out[qOffset + i] = accumulator[i] * inverse;
        }
    }
}
