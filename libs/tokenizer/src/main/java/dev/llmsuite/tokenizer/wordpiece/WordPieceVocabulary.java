package dev.llmsuite.tokenizer.wordpiece;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The WordPiece model: a vocabulary of whole-word pieces and {@code ##}-prefixed continuations,
 * and the greedy longest-match-first split of one word into pieces. A word that cannot be
 * covered completely, or is longer than {@code maxInputCharsPerWord} code points, becomes a
 * single unknown token, as in the original BERT.
 */
public final class WordPieceVocabulary {

    private final Map<String, Integer> ids;
    private final String[] tokens;
    private final String continuingPrefix;
    private final int unknownId;
    private final int maxInputCharsPerWord;

    public WordPieceVocabulary(Map<String, Integer> ids, String unknownToken, String continuingPrefix, int maxInputCharsPerWord) {
        this.ids = new HashMap<>(ids);
        int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.tokens = new String[size];
        ids.forEach((token, id) -> tokens[id] = token);
        Integer unknown = ids.get(unknownToken);
        if (unknown == null) {
            throw new IllegalArgumentException("Unknown token " + unknownToken + " is not in the vocabulary");
        }
        this.unknownId = unknown;
        this.continuingPrefix = continuingPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    public int size() {
        return tokens.length;
    }

    /** The id of a token string, or -1. */
    public int id(String token) {
        return ids.getOrDefault(token, -1);
    }

    public String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    public String continuingPrefix() {
        return continuingPrefix;
    }

    /** Appends the piece ids of one pre-tokenized word to {@code out}. */
    void splitWord(String word, List<Integer> out) {
        if (word.codePointCount(0, word.length()) > maxInputCharsPerWord) {
            out.add(unknownId);
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            int found = -1;
            while (end > start) {
                String piece = word.substring(start, end);
                Integer id = ids.get(start > 0 ? continuingPrefix + piece : piece);
                if (id != null) {
                    found = id;
                    break;
                }
                end -= Character.isLowSurrogate(word.charAt(end - 1)) ? 2 : 1;
            }
            if (found < 0) {
                out.subList(mark, out.size()).clear();
                out.add(unknownId);
                return;
            }
            out.add(found);
            start = end;
        }
    }
}
