package dev.llmsuite.tokenizer.encodings;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.IntArrayList;

/** jtokkit, the reference implementation of tiktoken in Java, by encoding name. */
final class Jtokkit {

    private static final EncodingRegistry REGISTRY = com.knuddels.jtokkit.Encodings.newLazyEncodingRegistry();

    private Jtokkit() {
    }

    static Encoding encoding(String name) {
        return REGISTRY.getEncoding(name).orElseThrow();
    }

    static int[] encodeOrdinary(String name, String text) {
        return encoding(name).encodeOrdinary(text).toArray();
    }

    static IntArrayList ids(int... ids) {
        IntArrayList list = new IntArrayList(ids.length);
        for (int id : ids) {
            list.add(id);
        }
        return list;
    }

    /**
     * tiktoken turns a lone surrogate into U+FFFD before encoding; jtokkit writes it as the
     * (invalid) three-byte UTF-8 of the surrogate itself. Feeding jtokkit the replaced text gives
     * tiktoken's answer.
     */
    static String replaceLoneSurrogates(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
