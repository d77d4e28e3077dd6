package dev.llmsuite.transformer.cache;

/**
 * How the KV-cache stores keys and values. Attention reads every cached key and value of a
 * sequence at every step, so at long contexts decode speed follows the cache's bytes: half
 * precision halves them, as llama.cpp does by default ({@code --cache-type-k f16}).
 */
public enum KvCacheType {

    /** The keys and values exactly as the layer computed them: what exactness tests compare. */
    F32(Float.BYTES),
    /** IEEE half precision, rounded to nearest even (llama.cpp's default): half the memory and traffic. */
    F16(Short.BYTES);

    private final int bytes;

    KvCacheType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes of one cached value. */
    public int bytes() {
        return bytes;
    }

    /** Cache memory per token of context: a key and a value vector of {@code kvDim} values in each layer. */
    public long bytesPerToken(int layers, int kvDim) {
        return 2L * layers * kvDim * bytes;
    }
}
