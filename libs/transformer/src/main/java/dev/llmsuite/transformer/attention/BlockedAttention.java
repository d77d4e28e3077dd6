package dev.llmsuite.transformer.attention;

import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.cache.TileView;
import dev.llmsuite.transformer.kernels.Activation;
import dev.llmsuite.transformer.kernels.ExactExp;
import dev.llmsuite.transformer.kernels.Parallel;
import java.util.Arrays;

/**
 * Causal multi-head attention over the paged KV-cache, computed block by block with an online
 * softmax: each query walks its own sequence's block table, one KV-cache block per tile, keeping
 * a running maximum, a running sum of exponentials and a running weighted sum of values, rescaled
 * whenever the maximum grows. No row of scores longer than a block (let alone an n x n matrix)
 * ever exists, so scratch memory per worker is one block's scores and one head of values for each
 * row of the batch's longest run (at most {@value #ROWS_PER_TASK}) and each query head of a task
 * (at most the query heads of one key/value head) and, for a half-precision cache of a shape the
 * kernels cannot read in place, one block's key and value tiles widened to floats, whatever the
 * context length.
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

    /** Rows of one sequence that one task takes together. */
    private static final int ROWS_PER_TASK = 16;
    /** Tasks per thread below which a task takes fewer query heads, so that the threads stay evenly loaded. */
    private static final int TASKS_PER_THREAD = 4;

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
     *
     * <p>One task is a run of up to {@value #ROWS_PER_TASK} consecutive rows of one sequence (a
     * prompt chunk; a decoding sequence's run is its one row) and one or more query heads that share
     * a key/value head: the tile they all read is fetched from memory once and read again from the
     * core's own cache. Each row and
     * head still takes its tiles in the same order with the same operations as alone, so how many
     * heads a task takes decides speed only.
     */
    public void attend(float[] q, Batch batch, BlockPool cache, int layer, float[] out) {
        attend(q, batch, cache, layer, out, headsPerTask(runs(batch).length - 1));
    }

    /** {@link #attend} with {@code headsPerTask} query heads per task, a divisor of the heads per key/value head. */
    void attend(float[] q, Batch batch, BlockPool cache, int layer, float[] out, int headsPerTask) {
        if ((heads / kvHeads) % headsPerTask != 0) {
            throw new IllegalArgumentException(headsPerTask + " query heads per task do not divide the " + heads / kvHeads + " of a key/value head");
        }
        int visibleMost = window > 0 ? Math.min(window, batch.longestContext()) : batch.longestContext();
        int[] runs = runs(batch);
        int runCount = runs.length - 1;
        long rowsPerRun = (batch.rows() + runCount - 1) / runCount;
        int longestRun = longestRun(runs);
        int tasksPerRun = heads / headsPerTask;
        Parallel.forRange(runCount * tasksPerRun, rowsPerRun * headsPerTask * visibleMost * headSize * 2, (from, to) -> {
            RowStates rows = new RowStates(longestRun * headsPerTask, cache.blockSize(), headSize);
            TileView tile = cache.newView();
            for (int task = from; task < to; task++) {
                int run = task / tasksPerRun;
                attendRun(q, batch, runs[run], runs[run + 1], (task % tasksPerRun) * headsPerTask, headsPerTask, cache, layer, out,
                        rows, tile);
            }
        });
    }

    /**
     * Query heads per task: as many of a key/value head's as still leave at least
     * {@value #TASKS_PER_THREAD} tasks per thread, so that tasks of runs of different lengths
     * spread evenly (one sequence decoding with few key/value heads would otherwise keep a thread
     * idle), at least one. With a single run every task costs the same, and a task count that the
     * threads divide is even enough: Qwen2.5 0.5B's 14 query heads over 2 key/value heads are then
     * two tasks of seven rather than fourteen of one, sharing each tile's reads and widening.
     */
    private int headsPerTask(int runCount) {
        int group = heads / kvHeads;
        for (int perTask = group; perTask > 1; perTask--) {
            long tasks = (long) runCount * (heads / perTask);
            if (group % perTask == 0 && (tasks >= (long) TASKS_PER_THREAD * Parallel.THREADS
                    || runCount == 1 && tasks % Parallel.THREADS == 0)) {
                return perTask;
            }
        }
        return 1;
    }

    /** The first row of each run (consecutive positions of one sequence, at most {@value #ROWS_PER_TASK} rows), then the row count. */
    private static int[] runs(Batch batch) {
        int[] starts = new int[batch.rows() + 1];
        int count = 0;
        for (int row = 0; row < batch.rows(); row++) {
            int start = count == 0 ? -1 : starts[count - 1];
            boolean continues = start >= 0 && row - start < ROWS_PER_TASK && batch.blockTable(row) == batch.blockTable(start)
                    && batch.position(row) == batch.position(row - 1) + 1;
            if (!continues) {
                starts[count++] = row;
            }
        }
        starts[count] = batch.rows();
        return Arrays.copyOf(starts, count + 1);
    }

    /** Rows in the longest run, so that a worker's scratch holds as many row states as a task needs (one, when only decoding). */
    private static int longestRun(int[] runs) {
        int longest = 0;
        for (int run = 0; run + 1 < runs.length; run++) {
            longest = Math.max(longest, runs[run + 1] - runs[run]);
        }
        return longest;
    }

    /** The first position a query at {@code position} sees. */
    private int firstVisible(int position) {
        return window > 0 ? Math.max(0, position - window + 1) : 0;
    }

    /**
     * Query heads {@code firstHead} to {@code firstHead + headCount - 1} (one key/value head's, or
     * some of them) of rows {@code firstRow} to {@code endRow - 1}, consecutive positions of one
     * sequence. Block after block, each row and head that sees the block updates its own running
     * maximum, sum and values; an observed head also keeps each row's scores, turned into
     * probabilities at the end. Rows that see the same slots of a block (all of them, but on the
     * diagonal or a window's edge) are scored and weighed together with all the task's heads, so
     * that the kernels widen a half-float tile once for several of them. Row states are numbered
     * head by head: state {@code h * count + i} is the task's h-th head of its i-th row.
     */
    private void attendRun(float[] q, Batch batch, int firstRow, int endRow, int firstHead, int headCount, BlockPool cache, int layer,
                           float[] out, RowStates rows, TileView tile) {
        int blockSize = cache.blockSize();
        int kvHead = firstHead / (heads / kvHeads);
        int[] blocks = batch.blockTable(firstRow);
        int count = endRow - firstRow;
        int firstPosition = batch.position(firstRow);
        int lastPosition = firstPosition + count - 1;
        AttentionObserver observer = batch.attentionObserver();
        for (int h = 0; h < headCount; h++) {
            boolean observed = observer != null && observer.observes(layer, firstHead + h);
            rows.reset(h * count, count, firstPosition, observed);
        }
        float inverseCap = softCap > 0 ? 1f / softCap : 0f;
        float[] scores = rows.scores;
        for (int b = firstVisible(firstPosition) / blockSize; b * blockSize <= lastPosition; b++) {
            int lo = Math.max(0, b * blockSize - firstPosition);
            int hi = window > 0 ? Math.min(count, (b + 1) * blockSize + window - 1 - firstPosition) : count;
            if (lo >= hi) {
                continue;
            }
            cache.read(blocks[b], layer, kvHead, firstSlot(firstPosition + lo, b, blockSize), endSlot(firstPosition + hi - 1, b, blockSize),
                    tile);
            for (int i = lo, next; i < hi; i = next) {
                int first = firstSlot(firstPosition + i, b, blockSize);
                int length = endSlot(firstPosition + i, b, blockSize);
                next = i + 1;
                while (next < hi && firstSlot(firstPosition + next, b, blockSize) == first
                        && endSlot(firstPosition + next, b, blockSize) == length) {
                    next++;
                }
                int queries = 0;
                for (int h = 0; h < headCount; h++) {
                    for (int r = i; r < next; r++) {
                        rows.states[queries] = h * count + r;
                        rows.queries[queries++] = ((firstRow + r) * heads + firstHead + h) * headSize;
                    }
                }
                tile.score(q, rows.queries, queries, first, length, scores);
                for (int k = 0; k < queries; k++) {
                    int state = rows.states[k];
                    int from = k * blockSize + first;
                    int to = k * blockSize + length;
                    float tileMax = softCap > 0 ? scaleAndCap(scores, from, to, inverseCap)
                            : Activation.scaleAndMax(scores, from, to, scale);
                    if (rows.observed[state] != null) {
                        System.arraycopy(scores, from, rows.observed[state], b * blockSize + first, length - first);
                    }
                    float[] accumulator = rows.accumulators[state];
                    float newMax = Math.max(rows.max[state], tileMax);
                    // Math.exp(0) is exactly 1: a tile that does not raise the maximum needs no call.
                    float correction = newMax == rows.max[state] ? 1f : (float) Math.exp(rows.max[state] - newMax);
                    if (correction != 1f) {
                        rows.sum[state] *= correction;
                        for (int d = 0; d < headSize; d++) {
                            accumulator[d] *= correction;
                        }
                    }
                    ExactExp.apply(scores, from, to, newMax);
                    float sum = rows.sum[state];
                    for (int j = from; j < to; j++) {
                        sum += scores[j];
                    }
                    rows.sum[state] = sum;
                    rows.max[state] = newMax;
                }
                tile.weighValues(scores, queries, first, length, rows.accumulators, rows.states);
            }
        }
        for (int h = 0; h < headCount; h++) {
            for (int i = 0; i < count; i++) {
                int state = h * count + i;
                int qOffset = ((firstRow + i) * heads + firstHead + h) * headSize;
                float inverse = 1f / rows.sum[state];
                for (int d = 0; d < headSize; d++) {
                    out[qOffset + d] = rows.accumulators[state][d] * inverse;
                }
                if (rows.observed[state] != null) {
                    toProbabilities(rows.observed[state], firstVisible(firstPosition + i), rows.max[state], inverse);
                    observer.record(layer, firstRow + i, firstHead + h, rows.observed[state]);
                }
            }
        }
    }

    /** The first slot of block b that a query at {@code position} sees. */
    private int firstSlot(int position, int b, int blockSize) {
        return Math.max(0, firstVisible(position) - b * blockSize);
    }

    /** One past the last slot of block b that a query at {@code position} sees. */
    private static int endSlot(int position, int b, int blockSize) {
        return Math.min(blockSize, position + 1 - b * blockSize);
    }

    /** Scales and soft-caps the scores of [from, to), returning their maximum. */
    private float scaleAndCap(float[] scores, int from, int to, float inverseCap) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = from; j < to; j++) {
            float score = Activation.softCap(scores[j] * scale, softCap, inverseCap);
            scores[j] = score;
            max = Math.max(max, score);
        }
        return max;
    }

    /**
     * A worker's scratch for one task: for each row and head its running maximum, sum and values
     * and, when observed, its scores; and for the rows and heads that see a tile alike, which
     * states they are, where their queries start and their scores of the tile, one block each.
     */
    private static final class RowStates {
        final float[] scores;
        final int[] states;
        final int[] queries;
        final float[] max;
        final float[] sum;
        final float[][] accumulators;
        final float[][] observed;

        RowStates(int states, int blockSize, int headSize) {
            this.scores = new float[states * blockSize];
            this.states = new int[states];
            this.queries = new int[states];
            this.max = new float[states];
            this.sum = new float[states];
            this.accumulators = new float[states][headSize];
            this.observed = new float[states][];
        }

        /** Clears states {@code first} to {@code first + rows - 1}: one head of a run whose first row is at {@code firstPosition}. */
        void reset(int first, int rows, int firstPosition, boolean observing) {
            for (int i = 0; i < rows; i++) {
                max[first + i] = Float.NEGATIVE_INFINITY;
                sum[first + i] = 0;
                Arrays.fill(accumulators[first + i], 0f);
                observed[first + i] = observing ? new float[firstPosition + i + 1] : null;
            }
        }
    }

    /** Scores of the visible positions to the softmax the values were weighted with; hidden ones to 0. */
    private static void toProbabilities(float[] scores, int firstVisible, float max, float inverseSum) {
        Arrays.fill(scores, 0, firstVisible, 0f);
        ExactExp.apply(scores, firstVisible, scores.length, max);
        for (int j = firstVisible; j < scores.length; j++) {
            scores[j] *= inverseSum;
        }
    }
}
