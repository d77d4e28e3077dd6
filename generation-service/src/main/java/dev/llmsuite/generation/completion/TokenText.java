package dev.llmsuite.generation.completion;

import dev.llmsuite.transformer.LanguageModel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How one token is shown in logprobs: its text (a token holding part of a character shows U+FFFD,
 * as OpenAI does) and its raw bytes, which let a client reassemble such characters.
 */
final class TokenText {

    private TokenText() {
    }

    static String text(LanguageModel model, int token) {
        return new String(model.tokenBytes(token), StandardCharsets.UTF_8);
    }

    static List<Integer> bytes(LanguageModel model, int token) {
        byte[] raw = model.tokenBytes(token);
        List<Integer> out = new ArrayList<>(raw.length);
        for (byte b : raw) {
            out.add(b & 0xff);
        }
        return out;
    }
}
