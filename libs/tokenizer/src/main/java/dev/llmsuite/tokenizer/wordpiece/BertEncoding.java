package dev.llmsuite.tokenizer.wordpiece;

/**
 * What a BERT encoder consumes for one text: token ids framed by {@code [CLS]} and
 * {@code [SEP]}, the attention mask (all ones: padding is added later, per batch) and the
 * segment ids (all zeros for a single sentence).
 *
 * @param untruncatedLength how many tokens the text had, specials included, before truncation
 */
public record BertEncoding(int[] ids, int[] attentionMask, int[] typeIds, int untruncatedLength) {

    public int length() {
        return ids.length;
    }

    public boolean truncated() {
        return untruncatedLength > ids.length;
    }
}
