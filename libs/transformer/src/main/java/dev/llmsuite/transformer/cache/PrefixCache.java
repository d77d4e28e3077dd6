package dev.llmsuite.transformer.cache;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Full KV-cache blocks kept for reuse by later sequences that begin with the same tokens (a
 * system prompt, a chat history, few-shot examples). A block is keyed by a hash of all the
 * tokens up to and including its own: keys and values at a position depend on every token
 * before it, so equal keys mean equal contents, and the longest run of known keys from the
 * start is a prefix whose keys and values need not be computed again.
 *
 * <p>Blocks are registered when a sequence fills them and stay registered after every sequence
 * using them has ended: such unused blocks wait here, least recently used first, and are the
 * first to be taken back when the pool has no free block left. A matched block's tokens are
 * compared as well, so a hash collision could only pass if the whole preceding prefix collided
 * too (64-bit chained hashes).
 *
 * <p>Owned by one {@link BlockPool}, which calls it as references change; not thread-safe.
 */
public final class PrefixCache {

    private static final long START = 0x5851F42D4C957F2DL;

    private final int blockSize;
    private final boolean enabled;
    private final Map<Long, Integer> blockByHash = new HashMap<>();
    private final long[] hashOfBlock;
    private final int[][] tokensOfBlock;
    private final LinkedHashSet<Integer> unused = new LinkedHashSet<>();
    private volatile long lookedUpTokens;
    private volatile long hitTokens;

    PrefixCache(int capacity, int blockSize, boolean enabled) {
        this.blockSize = blockSize;
        this.enabled = enabled;
        this.hashOfBlock = new long[capacity];
        this.tokensOfBlock = new int[capacity][];
    }

    /** The key of the block holding {@code tokens[from, from + blockSize)}, after the block keyed {@code previous}. */
    public static long chain(long previous, int[] tokens, int from, int blockSize) {
        long h = previous;
        for (int i = from; i < from + blockSize; i++) {
            h = (h ^ tokens[i]) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        return h;
    }

    /** The key to chain the first block from. */
    public static long start() {
        return START;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Cached blocks holding the longest prefix of {@code tokens[0, length)}, in order. The last
     * token is never covered: its logits are needed, so at least it is computed again.
     */
    int[] lookup(int[] tokens, int length) {
        if (!enabled) {
            return new int[0];
        }
        int[] found = new int[(length - 1) / blockSize];
        int count = 0;
        long key = START;
        while (count < found.length) {
            key = chain(key, tokens, count * blockSize, blockSize);
            Integer block = blockByHash.get(key);
            if (block == null || !Arrays.equals(tokensOfBlock[block], 0, blockSize, tokens, count * blockSize, (count + 1) * blockSize)) {
                break;
            }
            found[count++] = block;
        }
        return Arrays.copyOf(found, count);
    }

    /** Makes a just-filled block findable under {@code key}, unless an equal block already is. */
    void register(int block, long key, int[] tokens, int from) {
        if (!enabled || tokensOfBlock[block] != null || blockByHash.containsKey(key)) {
            return;
        }
        blockByHash.put(key, block);
        hashOfBlock[block] = key;
        tokensOfBlock[block] = Arrays.copyOfRange(tokens, from, from + blockSize);
    }

    boolean isCached(int block) {
        return tokensOfBlock[block] != null;
    }

    /** The block's last user ended: keep it, now the most recently used. */
    void markUnused(int block) {
        unused.add(block);
    }

    /** A sequence reuses the block: it may not be evicted while in use. */
    void markUsed(int block) {
        unused.remove(block);
    }

    /** Forgets the least recently used unused block and returns it, or -1 when every cached block is in use. */
    int evict() {
        Iterator<Integer> oldest = unused.iterator();
        if (!oldest.hasNext()) {
            return -1;
        }
        int block = oldest.next();
        oldest.remove();
        blockByHash.remove(hashOfBlock[block]);
        tokensOfBlock[block] = null;
        return block;
    }

    /** Cached blocks no sequence uses now (evictable). */
    int unusedBlocks() {
        return unused.size();
    }

    /** Counts one admitted sequence: {@code tokens} looked up, of which {@code reused} came from the cache. */
    public void record(int tokens, int reused) {
        lookedUpTokens += tokens;
        hitTokens += reused;
    }

    /** Prompt tokens looked up at admission (and re-admission after preemption). */
    public long lookedUpTokens() {
        return lookedUpTokens;
    }

    /** Of those, tokens whose keys and values came from the cache: computation saved. */
    public long hitTokens() {
        return hitTokens;
    }
}
