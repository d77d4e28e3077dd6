package dev.llmsuite.tokenizer.wordpiece;

import dev.llmsuite.tokenizer.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BERT's tokenizer: {@link BertNormalizer}, then {@link BertPreTokenizer}, then greedy
 * {@link WordPieceVocabulary} pieces, then the {@code [CLS] ... [SEP]} frame.
 *
 * <p>{@link #encode} returns what Hugging Face's {@code encode(text)} returns by default, the
 * framed ids; {@link #encodeContent} the bare pieces; {@link #encodeForModel} the framed ids
 * cut to a model's length limit together with the mask and segment ids. Literal
 * {@code [CLS]}-style strings in the text are plain text, never control tokens.
 */
public final class WordPieceTokenizer implements Tokenizer {

    private final String name;
    private final BertNormalizer normalizer;
    private final WordPieceVocabulary vocabulary;
    private final int clsId;
    private final int sepId;

    public WordPieceTokenizer(String name, BertNormalizer normalizer, WordPieceVocabulary vocabulary, int clsId, int sepId) {
        this.name = name;
        this.normalizer = normalizer;
        this.vocabulary = vocabulary;
        this.clsId = clsId;
        this.sepId = sepId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    public WordPieceVocabulary vocabulary() {
        return vocabulary;
    }

    /** Word pieces of the text, without {@code [CLS]}/{@code [SEP]}. */
    public int[] encodeContent(String text) {
        List<Integer> ids = new ArrayList<>();
        for (String word : BertPreTokenizer.split(normalizer.normalize(text))) {
            vocabulary.splitWord(word, ids);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Framed ids: {@code [CLS]}, the word pieces, {@code [SEP]}. */
    @Override
    public int[] encode(String text) {
        return frame(encodeContent(text), Integer.MAX_VALUE);
    }

    /**
     * Model input for one text, at most {@code maxLength} tokens including the frame: longer
     * content is cut at the right end, as Hugging Face's truncation does for a single sequence.
     */
    public BertEncoding encodeForModel(String text, int maxLength) {
        return forModel(encodeContent(text), maxLength);
    }

    /** Frames already tokenized content (for callers that send token ids) to model input. */
    public BertEncoding forModel(int[] content, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must leave room for [CLS] and [SEP]: " + maxLength);
        }
        int[] ids = frame(content, maxLength - 2);
        int[] mask = new int[ids.length];
        Arrays.fill(mask, 1);
        return new BertEncoding(ids, mask, new int[ids.length], content.length + 2);
    }

    private int[] frame(int[] content, int maxContent) {
        int kept = Math.min(content.length, maxContent);
        int[] ids = new int[kept + 2];
        ids[0] = clsId;
        System.arraycopy(content, 0, ids, 1, kept);
        ids[kept + 1] = sepId;
        return ids;
    }

    /**
     * Joins pieces back into text the way Hugging Face's WordPiece decoder does: a {@code ##}
     * piece glues to the previous one, any other starts a new word, and a space before
     * {@code . ? ! ,} is dropped; the frame tokens are skipped. Lowercasing and accent stripping
     * cannot be undone, so this gives back the normalized text.
     */
    @Override
    public byte[] decodeBytes(int[] ids) {
        StringBuilder text = new StringBuilder();
        String prefix = vocabulary.continuingPrefix();
        for (int id : ids) {
            String token = vocabulary.token(id);
            if (token == null || id == clsId || id == sepId) {
                continue;
            }
            if (text.isEmpty()) {
                text.append(token);
            } else if (token.startsWith(prefix)) {
                text.append(token, prefix.length(), token.length());
            } else if (!token.equals(".") && !token.equals("?") && !token.equals("!") && !token.equals(",")) {
                text.append(' ').append(token);
            } else {
                text.append(token);
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
