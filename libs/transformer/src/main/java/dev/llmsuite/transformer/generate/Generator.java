package dev.llmsuite.transformer.generate;

import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.Session;
import dev.llmsuite.transformer.cache.KvCacheType;

import java.util.function.BooleanSupplier;

/**
 * The generation loop for one sequence on the calling thread, one token at a time:
 * <pre>
 *   logits = session.prefill(prompt)                  // the whole prompt in one batch
 *   repeat:
 *     token = sampler.next(logits)                    // penalties, temperature, truncation, draw
 *     stop at end-of-sequence, a stop string, max_tokens or a full context
 *     emit the text that is now safe to show
 *     logits = session.next(token)                    // one position, keys and values cached
 * </pre>
 * The middle three lines are {@link Decoding}, which the batching scheduler uses too, so a
 * sequence behaves the same either way. The session (and its KV-cache) is closed when the loop
 * ends, however it ends.
 */
public final class Generator {

    private final LanguageModel model;
    private final KvCacheType cacheType;

    /** With a float32 cache. */
    public Generator(LanguageModel model) {
        this(model, KvCacheType.F32);
    }

    public Generator(LanguageModel model, KvCacheType cacheType) {
        this.model = model;
        this.cacheType = cacheType;
    }

    /** Generates to the end; {@code cancelled} is polled before every token and stops at once. */
    public GenerationResult generate(GenerationRequest request, TokenListener listener, BooleanSupplier cancelled) {
        Decoding decoding = new Decoding(model, request, listener, System.nanoTime());
        try (Session session = model.newSession(cacheType)) {
            float[] logits = session.prefill(request.promptTokens());
            while (true) {
                if (cancelled.getAsBoolean()) {
                    decoding.cancel();
                    break;
                }
                if (decoding.accept(logits, session.cacheBytes())) {
                    break;
                }
                logits = session.next(decoding.lastToken());
            }
        }
        return decoding.result();
    }
}
