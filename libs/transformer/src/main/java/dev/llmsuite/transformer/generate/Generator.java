package dev.llmsuite.transformer.generate;

import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.Session;
import dev.llmsuite.transformer.sampling.Sample;
import dev.llmsuite.transformer.sampling.Sampler;
import dev.llmsuite.transformer.sampling.TokenLogprob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The generation loop, one token at a time:
 * <pre>
 *   logits = session.prefill(prompt)                  // the whole prompt in one batch
 *   repeat:
 *     token = sampler.next(logits)                    // penalties, temperature, truncation, draw
 *     stop at end-of-sequence, a stop string, max_tokens or a full context
 *     emit the text that is now safe to show
 *     logits = session.next(token)                    // one position, keys and values cached
 * </pre>
 * The session (and its KV-cache) is closed when the loop ends, however it ends.
 */
public final class Generator {

    private final LanguageModel model;

    public Generator(LanguageModel model) {
        this.model = model;
    }

    /** Generates to the end; {@code cancelled} is polled before every token and stops at once. */
    public GenerationResult generate(GenerationRequest request, TokenListener listener, BooleanSupplier cancelled) {
        int contextLength = model.info().contextLength();
        int eos = model.info().eosToken();
        int[] prompt = request.promptTokens();
        if (prompt.length >= contextLength) {
            throw new IllegalArgumentException("The prompt has " + prompt.length + " tokens; this model's context holds "
                    + contextLength + ", leaving no room to generate");
        }
        Sampler sampler = new Sampler(request.sampling(), model.info().vocabularySize());
        sampler.acceptPrompt(prompt);
        Utf8Assembler utf8 = new Utf8Assembler();
        StopStrings stops = new StopStrings(request.stop());
        StringBuilder text = new StringBuilder();
        int[] tokens = new int[Math.min(request.maxTokens(), contextLength - prompt.length)];
        List<TokenLogprob> logprobs = new ArrayList<>();
        int count = 0;
        FinishReason reason = FinishReason.LENGTH;
        boolean stopString = false;
        long start = System.nanoTime();
        long firstToken = 0;

        try (Session session = model.newSession()) {
            float[] logits = session.prefill(prompt);
            while (true) {
                if (cancelled.getAsBoolean()) {
                    reason = FinishReason.CANCELLED;
                    break;
                }
                Sample sample = sampler.next(logits);
                if (count == 0) {
                    firstToken = System.nanoTime();
                }
                tokens[count++] = sample.token();
                if (sample.logprob() != null) {
                    logprobs.add(sample.logprob());
                }
                if (sample.token() == eos || endsTurn(request.stopTokens(), sample.token())) {
                    reason = FinishReason.STOP;
                    listener.onToken(new GeneratedToken(sample.token(), new byte[0], "", sample.logprob(), session.cacheBytes()));
                    break;
                }
                byte[] bytes = model.tokenBytes(sample.token());
                StopStrings.Outcome outcome = stops.accept(utf8.append(bytes));
                text.append(outcome.emit());
                listener.onToken(new GeneratedToken(sample.token(), bytes, outcome.emit(), sample.logprob(), session.cacheBytes()));
                if (outcome.stopped()) {
                    reason = FinishReason.STOP;
                    stopString = true;
                    break;
                }
                if (count == tokens.length) {
                    break;
                }
                logits = session.next(sample.token());
            }
        }
        if (!stopString && reason != FinishReason.CANCELLED) {
            // Held-back text was not a stop string after all, and an unfinished character shows as U+FFFD.
            String rest = stops.accept(utf8.finish()).emit() + stops.finish();
            if (!rest.isEmpty()) {
                text.append(rest);
                listener.onToken(new GeneratedToken(-1, new byte[0], rest, null, 0));
            }
        }
        long end = System.nanoTime();
        return new GenerationResult(text.toString(), Arrays.copyOf(tokens, count), List.copyOf(logprobs), reason,
                prompt.length, count == 0 ? 0 : firstToken - start, count == 0 ? 0 : end - firstToken);
    }

    private static boolean endsTurn(int[] stopTokens, int token) {
        for (int stop : stopTokens) {
            if (stop == token) {
                return true;
            }
        }
        return false;
    }
}
