package dev.llmsuite.generation.explain;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The attention weights of a prompt's forward pass: for every requested (layer, head), a
 * {@code tokens x tokens} matrix whose row {@code i} is how token {@code i} (the query) spread its
 * attention over tokens {@code 0..i} (the keys); entries above the diagonal are 0 (causal).
 */
@Schema(description = "Attention weights (softmax probabilities, queries x keys) of the pass that reads the prompt")
public record AttentionExplanation(
        String object,
        String model,
        List<Token> tokens,
        Shape shape,
        @JsonProperty("kv_cache") KvCache kvCache,
        @JsonProperty("next_token") Token nextToken,
        List<HeadMap> attention,
        Usage usage) {

    /** One prompt token: its id, the bytes it stands for as text (U+FFFD for part of a character), and its vocabulary entry. */
    public record Token(int id, String text, String piece) {
    }

    /** The model's attention layout: query heads share key/value heads in groups (grouped-query attention). */
    public record Shape(int layers, int heads, @JsonProperty("kv_heads") int kvHeads, @JsonProperty("head_size") int headSize) {
    }

    /**
     * What the KV-cache holds after the prompt: keys and values of every layer for every token,
     * {@code bytes_per_token = 2 x layers x kv_heads x head_size x} 4 bytes in the explaining
     * session's float32 cache ({@code type} F32; the service generates with half that by default).
     */
    public record KvCache(String type, @JsonProperty("bytes_per_token") long bytesPerToken, int tokens, long bytes,
                          @JsonProperty("context_length") int contextLength,
                          @JsonProperty("bytes_at_context_length") long bytesAtContextLength) {
    }

    /** One head's weights: {@code weights[query][key]}, each row summing to 1. */
    public record HeadMap(int layer, int head, float[][] weights) {
    }

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {
    }
}
