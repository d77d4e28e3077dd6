package dev.llmsuite.generation.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps message contents from becoming control tokens. Before a template renders, every stretch of
 * a content that spells a control token ({@code <|im_end|>}, {@code <|eot_id|>} ...) is swapped
 * for a placeholder: one code point from Unicode's private use plane 15, which no token and no
 * template operation (strip, replace, split on a marker) touches. The rendered text then holds the
 * template's own control tokens only; it is cut at those, and the placeholders are put back as the
 * plain text they stand for. Content that already holds such code points has them swapped too, so
 * that putting back is exact.
 */
final class ContentGuard {

    private static final int FIRST = 0xF0000;
    private static final int LAST = 0xFFFFD;

    /** A vocabulary's control-token spellings by first char, longest first: built once per model. */
    static final class Spellings {
        private final Map<Character, List<String>> byFirstChar = new HashMap<>();

        Spellings(List<String> controlTexts) {
            for (String text : controlTexts) {
                byFirstChar.computeIfAbsent(text.charAt(0), c -> new ArrayList<>()).add(text);
            }
            byFirstChar.values().forEach(list -> list.sort(Comparator.comparingInt(String::length).reversed()));
        }

        String matchAt(String content, int at) {
            List<String> candidates = byFirstChar.get(content.charAt(at));
            if (candidates != null) {
                for (String text : candidates) {
                    if (content.startsWith(text, at)) {
                        return text;
                    }
                }
            }
            return null;
        }
    }

    private final List<String> originals = new ArrayList<>();
    private final List<ChatMessage> guarded;

    private ContentGuard(List<ChatMessage> messages, Spellings spellings) {
        guarded = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            guarded.add(new ChatMessage(message.role(), guard(message.content(), spellings)));
        }
    }

    static ContentGuard of(List<ChatMessage> messages, Spellings spellings) {
        return new ContentGuard(messages, spellings);
    }

    /** Whether some content needed a placeholder. */
    boolean guarding() {
        return !originals.isEmpty();
    }

    /** The messages with placeholders in their contents. */
    List<ChatMessage> messages() {
        return guarded;
    }

    /** Puts the original text back in place of every placeholder. */
    String restore(String text) {
        if (!guarding()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16 * originals.size());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int index = c - FIRST;
            out.append(c >= FIRST && c <= LAST && index < originals.size() ? originals.get(index) : Character.toString(c));
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private String guard(String content, Spellings spellings) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < content.length(); ) {
            int c = content.codePointAt(i);
            String match = c >= FIRST && c <= LAST ? Character.toString(c) : spellings.matchAt(content, i);
            if (match == null) {
                i += Character.charCount(c);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(content.length());
            }
            out.append(content, copied, i).appendCodePoint(placeholder(match));
            i += match.length();
            copied = i;
        }
        return out == null ? content : out.append(content, copied, content.length()).toString();
    }

    private int placeholder(String original) {
        if (FIRST + originals.size() > LAST) {
            throw new IllegalArgumentException("The messages hold too many control-token spellings");
        }
        originals.add(original);
        return FIRST + originals.size() - 1;
    }
}
