package dev.llmsuite.transformer.model;

import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.Session;
import dev.llmsuite.transformer.cache.KvCacheType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Greedy decoding with our engine, for comparison with references (sampling proper lives elsewhere). */
public final class Greedy {

    private Greedy() {
    }

    public static int[] tokens(LanguageModel model, String prompt, int count) {
        return run(model, prompt, count).tokens();
    }

    /**
     * @param smallestMargin the smallest gap between the best and second-best logit over all steps:
     *                       below about 1e-4 the choice is a tie at float precision, which two
     *                       correct implementations may break differently
     */
    public record Run(int[] tokens, float smallestMargin) {
    }

    public static Run run(LanguageModel model, String prompt, int count) {
        return run(model, prompt, count, KvCacheType.F32);
    }

    /** {@link #run} with a KV-cache that stores {@code cacheType}. */
    public static Run run(LanguageModel model, String prompt, int count, KvCacheType cacheType) {
        return run(model, prompt, count, cacheType, Session.BLOCK_SIZE);
    }

    /** {@link #run} with a KV-cache that stores {@code cacheType} in blocks of {@code blockSize} positions. */
    public static Run run(LanguageModel model, String prompt, int count, KvCacheType cacheType, int blockSize) {
        int[] out = new int[count];
        float smallestMargin = Float.POSITIVE_INFINITY;
        try (Session session = model.newSession(cacheType, blockSize)) {
            float[] logits = session.prefill(model.encodePrompt(prompt, model.addsBos()));
            for (int i = 0; i < count; i++) {
                out[i] = argmax(logits);
                smallestMargin = Math.min(smallestMargin, margin(logits, out[i]));
                if (i + 1 < count) {
                    logits = session.next(out[i]);
                }
            }
        }
        return new Run(out, smallestMargin);
    }

    private static float margin(float[] logits, int best) {
        float second = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            if (i != best) {
                second = Math.max(second, logits[i]);
            }
        }
        return logits[best] - second;
    }

    /**
     * The text of a greedy continuation as a streaming server sends it: a character still
     * incomplete after the last token is held back (llama.cpp's server does the same).
     */
    public static String text(LanguageModel model, String prompt, int count) {
        return text(model, tokens(model, prompt, count));
    }

    public static String text(LanguageModel model, int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(tokens).forEach(id -> out.writeBytes(model.tokenBytes(id)));
        byte[] bytes = out.toByteArray();
        return new String(bytes, 0, bytes.length - incompleteTail(bytes), StandardCharsets.UTF_8);
    }

    /** Bytes at the end that start a UTF-8 character without finishing it. */
    static int incompleteTail(byte[] bytes) {
        for (int back = 1; back <= Math.min(3, bytes.length); back++) {
            int b = bytes[bytes.length - back] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                // Lead bytes 110xxxxx, 1110xxxx, 11110xxx announce 2, 3, 4 bytes; 11111xxx is no lead at all.
                int needed = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
                return needed > back ? back : 0;
            }
        }
        return 0;
    }

    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
