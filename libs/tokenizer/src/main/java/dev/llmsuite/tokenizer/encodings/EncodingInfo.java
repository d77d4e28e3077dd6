package dev.llmsuite.tokenizer.encodings;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/encodings} tells about an encoding: its name, number of ids, special tokens
 * with their ids, and the model names (or name prefixes, written {@code gpt-4o-*}) that use it.
 */
public record EncodingInfo(String name, int vocabularySize, Map<String, Integer> specialTokens, List<String> models) {
}
