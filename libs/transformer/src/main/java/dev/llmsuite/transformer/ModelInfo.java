package dev.llmsuite.transformer;

import dev.llmsuite.transformer.cache.KvCacheType;
import java.util.Map;

/**
 * What a loaded model is, for {@code GET /v1/models} and capacity planning.
 *
 * @param kvCacheBytesPerToken KV-cache memory per token of context in a float32 cache: 2 x layers x kvHeads x headSize x 4 bytes
 * @param chatTemplate         the Jinja chat template from the file, or null when it has none
 * @param tensorTypes          number of weight tensors per storage type, e.g. {@code {Q8_0=43, F32=13}}
 */
public record ModelInfo(String name, String architecture, int contextLength, int vocabularySize, int embeddingLength,
                        int layers, int heads, int kvHeads, long parameterCount, long kvCacheBytesPerToken,
                        int bosToken, int eosToken, String chatTemplate, Map<String, Integer> tensorTypes) {

    /** KV-cache memory per token of context in a cache that stores {@code type}. */
    public long kvCacheBytesPerToken(KvCacheType type) {
        return kvCacheBytesPerToken / Float.BYTES * type.bytes();
    }
}
