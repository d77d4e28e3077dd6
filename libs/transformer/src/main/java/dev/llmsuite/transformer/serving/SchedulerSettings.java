package dev.llmsuite.transformer.serving;

import dev.llmsuite.transformer.cache.KvCacheType;
import java.util.Arrays;

/**
 * How a {@link Scheduler} batches one model's sequences.
 *
 * @param maxBatchSize   sequences decoding together at most (one row each per step)
 * @param maxBatchTokens rows per step at most: every decoding sequence's token first, then prompt
 *                       chunks up to this budget (chunked prefill), so a long prompt is admitted
 *                       over several steps instead of stalling the running streams for one long step
 * @param maxQueued      submissions (all the choices of one prompt count once) that may wait for
 *                       admission; one more is refused with {@link QueueFullException}
 * @param blockSize      positions per KV-cache block
 * @param cacheBytes     the KV-cache budget: the pool holds {@code cacheBytes / bytesPerBlock} blocks
 * @param cacheType      how the cache stores keys and values
 * @param prefixCaching  whether full blocks are kept for sequences that begin with the same tokens
 */
public record SchedulerSettings(int maxBatchSize, int maxBatchTokens, int maxQueued, int blockSize, long cacheBytes,
                                KvCacheType cacheType, boolean prefixCaching) {

    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    public static final int DEFAULT_MAX_BATCH_TOKENS = 128;
    public static final int DEFAULT_MAX_QUEUED = 1024;
    public static final int DEFAULT_BLOCK_SIZE = 32;
    public static final long DEFAULT_CACHE_BYTES = 1L << 30;

    public SchedulerSettings {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be at least 1, got " + maxBatchSize);
        }
        if (maxBatchTokens < maxBatchSize) {
            throw new IllegalArgumentException("max batch tokens (" + maxBatchTokens + ") must be at least the max batch size ("
                    + maxBatchSize + "): every running sequence decodes one token per step");
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("max queued must be >= 0, got " + maxQueued);
        }
        if (cacheType == null) {
            throw new IllegalArgumentException("a KV-cache type is required: " + Arrays.toString(KvCacheType.values()));
        }
        if (blockSize < 1 || cacheBytes < 1) {
            throw new IllegalArgumentException("block size and cache bytes must be positive, got " + blockSize + " and " + cacheBytes);
        }
    }

    /** With a float32 cache, so that a sequence computes here exactly what it computes in a {@link dev.llmsuite.transformer.Session}. */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_BATCH_TOKENS, DEFAULT_MAX_QUEUED, DEFAULT_BLOCK_SIZE,
                DEFAULT_CACHE_BYTES, KvCacheType.F32, true);
    }

    public SchedulerSettings withMaxBatch(int size, int tokens) {
        return new SchedulerSettings(size, tokens, maxQueued, blockSize, cacheBytes, cacheType, prefixCaching);
    }

    public SchedulerSettings withMaxQueued(int queued) {
        return new SchedulerSettings(maxBatchSize, maxBatchTokens, queued, blockSize, cacheBytes, cacheType, prefixCaching);
    }

    public SchedulerSettings withCache(int positionsPerBlock, long bytes, boolean prefixes) {
        return new SchedulerSettings(maxBatchSize, maxBatchTokens, maxQueued, positionsPerBlock, bytes, cacheType, prefixes);
    }

    public SchedulerSettings withCacheType(KvCacheType type) {
        return new SchedulerSettings(maxBatchSize, maxBatchTokens, maxQueued, blockSize, cacheBytes, type, prefixCaching);
    }
}
