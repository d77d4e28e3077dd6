package dev.llmsuite.tokenizer.wordpiece;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits normalized text into words the way BERT does: whitespace separates words and is
 * dropped; every punctuation character becomes a word of its own. "Punctuation" is the union of
 * ASCII punctuation (which includes symbols such as {@code $ + < = > ^ ` |}) and Unicode's P*
 * categories.
 */
public final class BertPreTokenizer {

    private BertPreTokenizer() {
    }

    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        int wordStart = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (BertNormalizer.isWhitespace(cp) || isPunctuation(cp)) {
                if (wordStart >= 0) {
                    words.add(text.substring(wordStart, i));
                    wordStart = -1;
                }
                if (!BertNormalizer.isWhitespace(cp)) {
                    words.add(text.substring(i, next));
                }
            } else if (wordStart < 0) {
                wordStart = i;
            }
            i = next;
        }
        if (wordStart >= 0) {
            words.add(text.substring(wordStart));
        }
        return words;
    }

    static boolean isPunctuation(int cp) {
        if (cp < 128) {
            return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }
}
