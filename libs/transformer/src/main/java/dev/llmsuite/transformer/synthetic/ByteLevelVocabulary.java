package dev.llmsuite.transformer.synthetic;

/**
 * A byte-level BPE vocabulary as GGUF stores it: tokens spelled in GPT-2's byte alphabet, merges
 * "left right" in priority order, GGUF token types, and the id of {@code <|endoftext|>}.
 */
public record ByteLevelVocabulary(String[] tokens, String[] merges, int[] types, int endOfText) {
}
