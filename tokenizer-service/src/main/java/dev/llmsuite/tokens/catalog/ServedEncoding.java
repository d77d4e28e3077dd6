package dev.llmsuite.tokens.catalog;

import dev.llmsuite.tokenizer.Tokenizer;
import dev.llmsuite.tokenizer.encodings.TiktokenEncoding;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One vocabulary as the service offers it.
 *
 * @param family        {@code tiktoken}, {@code sentencepiece} or {@code wordpiece}
 * @param specialTokens control tokens by their text, ordered by id
 * @param models        model names (or {@code prefix-*} families) that resolve to it
 */
public record ServedEncoding(String name, String family, Tokenizer tokenizer, Map<String, Integer> specialTokens,
                             List<String> models) {

    /**
     * The tiktoken view, when this is a tiktoken encoding: only those have tiktoken's special-token
     * policy and exact byte offsets (their tokens are slices of the text's UTF-8).
     */
    public Optional<TiktokenEncoding> tiktoken() {
        return tokenizer instanceof TiktokenEncoding tiktoken ? Optional.of(tiktoken) : Optional.empty();
    }
}
