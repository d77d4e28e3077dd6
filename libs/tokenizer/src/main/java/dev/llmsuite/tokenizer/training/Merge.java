package dev.llmsuite.tokenizer.training;

/**
 * One learned merge: the adjacent pair {@code (left, right)} became {@code token}. {@code count} is how
 * often the pair occurred in the corpus at the moment it was chosen, the number it won with.
 */
public record Merge(int left, int right, int token, long count) {
}
