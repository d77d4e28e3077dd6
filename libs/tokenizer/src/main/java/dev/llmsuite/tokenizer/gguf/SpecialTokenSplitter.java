package dev.llmsuite.tokenizer.gguf;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts the special tokens out of a text before it is encoded, as llama.cpp does: each special
 * token in turn, longest first, splits every stretch of plain text at each of its occurrences,
 * leftmost first. User-defined tokens (such as Qwen's {@code <think>}) are always cut out; control
 * tokens ({@code <|im_end|>}, {@code <s>}) only when the caller trusts the text. A token may
 * swallow the whitespace after it (Phi-3's tokens do), as llama.cpp's {@code rstrip} attribute says.
 */
final class SpecialTokenSplitter {

    private record Special(int id, String text, boolean control, boolean rstrip) {
    }

    private final List<Special> specials;

    /**
     * @param texts   every token's text, by id
     * @param special which ids are cut out of text at all (control, user-defined and unknown tokens)
     * @param control which of those only a trusted text may contain
     * @param rstrip  which of those swallow the whitespace after them
     */
    SpecialTokenSplitter(String[] texts, BitSet special, BitSet control, BitSet rstrip) {
        List<Special> list = new ArrayList<>();
        for (int id = special.nextSetBit(0); id >= 0; id = special.nextSetBit(id + 1)) {
            if (!texts[id].isEmpty()) {
                list.add(new Special(id, texts[id], control.get(id), rstrip.get(id)));
            }
        }
        list.sort(Comparator.comparingInt((Special s) -> -s.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .thenComparingInt(Special::id));
        this.specials = List.copyOf(list);
    }

    /** The text as plain stretches and special tokens, in order; control tokens are recognised only if {@code trusted}. */
    List<Fragment> split(String text, boolean trusted) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment.Text(text));
        BitSet present = new BitSet(128);
        text.chars().forEach(present::set);
        for (Special special : specials) {
            // Most vocabularies have hundreds of special tokens and a text holds few of them.
            if ((special.control() && !trusted) || !present.get(special.text().charAt(0)) || !text.contains(special.text())) {
                continue;
            }
            List<Fragment> next = new ArrayList<>(fragments.size() + 2);
            for (Fragment fragment : fragments) {
                if (fragment instanceof Fragment.Text(String plain)) {
                    cut(plain, special, next);
                } else {
                    next.add(fragment);
                }
            }
            fragments = next;
        }
        return fragments;
    }

    private static void cut(String plain, Special special, List<Fragment> out) {
        int from = 0;
        for (int at = plain.indexOf(special.text()); at >= 0; at = plain.indexOf(special.text(), from)) {
            if (at > from) {
                out.add(new Fragment.Text(plain.substring(from, at)));
            }
            out.add(new Fragment.Token(special.id()));
            from = at + special.text().length();
            if (special.rstrip()) {
                while (from < plain.length() && isCSpace(plain.charAt(from))) {
                    from++;
                }
            }
        }
        if (from < plain.length()) {
            out.add(new Fragment.Text(plain.substring(from)));
        }
    }

    /** C's {@code isspace} in the "C" locale, which llama.cpp uses to strip. */
    private static boolean isCSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
