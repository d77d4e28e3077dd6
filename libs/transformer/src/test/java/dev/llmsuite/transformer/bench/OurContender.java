package dev.llmsuite.transformer.bench;

import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.Session;
import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.model.Greedy;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Our engine, timed around {@code Session.prefill} and {@code Session.next} only. Its cache keeps
 * half floats, as llama.cpp's does in {@link LlamaCppContender} (the default of both servers);
 * {@code -Dbench.kv-cache=F32} keeps floats instead.
 */
final class OurContender implements Contender {

    static final KvCacheType CACHE = KvCacheType.valueOf(System.getProperty("bench.kv-cache", "F16"));

    private final LanguageModel model;

    OurContender(Path gguf) {
        this.model = LanguageModel.load(gguf);
    }

    LanguageModel model() {
        return model;
    }

    long cacheBytesPerToken() {
        return model.info().kvCacheBytesPerToken(CACHE);
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public Speed measure(int[] prompt, int decodeTokens) {
        try (Session session = model.newSession(CACHE)) {
            long start = System.nanoTime();
            float[] logits = session.prefill(prompt);
            long prefill = System.nanoTime() - start;
            long decode = Arrays.stream(decode(session, logits, decodeTokens)).sum();
            return new Speed(prompt.length * 1e9 / prefill, decodeTokens * 1e9 / decode);
        }
    }

    @Override
    public double decodeMillisAtDepth(int[] filler, int steps) {
        try (Session session = model.newSession(CACHE)) {
            float[] logits = null;
            // In chunks of 512 positions, as llama.cpp's micro-batches; the fill is not timed.
            for (int start = 0; start < filler.length; start += 512) {
                int[] chunk = Arrays.copyOfRange(filler, start, Math.min(filler.length, start + 512));
                logits = session.prefill(chunk);
            }
            return Contender.medianMillis(decode(session, logits, steps));
        }
    }

    /** Nanoseconds inside {@code next} of each of {@code steps} greedy steps; choosing each token is outside the clock. */
    private static long[] decode(Session session, float[] logits, int steps) {
        long[] nanos = new long[steps];
        for (int i = 0; i < steps; i++) {
            int token = Greedy.argmax(logits);
            long start = System.nanoTime();
            logits = session.next(token);
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    @Override
    public void close() {
        model.close();
    }
}
