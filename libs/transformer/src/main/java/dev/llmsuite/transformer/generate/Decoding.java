package dev.llmsuite.transformer.generate;

import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.sampling.Sample;
import dev.llmsuite.transformer.sampling.Sampler;
import dev.llmsuite.transformer.sampling.TokenLogprob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one sequence does with each step's logits, wherever they were computed (a {@link Generator}
 * running it alone, or the scheduler running it in a batch): choose the next token (the sampler,
 * with its penalties and seeded draw), decide whether the sequence ends (end-of-sequence, a stop
 * token, a stop string, max_tokens, a full context), hand the text that is now safe to show to
 * the listener (whole characters only, never part of a possible stop string), and keep the
 * account for the {@link GenerationResult}. Used by one thread at a time.
 */
public final class Decoding {

    private final LanguageModel model;
    private final GenerationRequest request;
    private final TokenListener listener;
    private final Sampler sampler;
    private final Utf8Assembler utf8 = new Utf8Assembler();
    private final StopStrings stops;
    private final StringBuilder text = new StringBuilder();
    private final int[] tokens;
    private final List<TokenLogprob> logprobs = new ArrayList<>();
    private final long startNanos;
    private int count;
    private FinishReason reason;
    private long firstTokenNanos;
    private long endNanos;

    /**
     * @param startNanos when the request arrived ({@link System#nanoTime}): time to first token
     *                   counts from here, so it includes any time spent waiting in a queue
     */
    public Decoding(LanguageModel model, GenerationRequest request, TokenListener listener, long startNanos) {
        int contextLength = model.info().contextLength();
        int promptLength = request.promptTokens().length;
        if (promptLength >= contextLength) {
            throw new IllegalArgumentException("The prompt has " + promptLength + " tokens; this model's context holds "
                    + contextLength + ", leaving no room to generate");
        }
        this.model = model;
        this.request = request;
        this.listener = listener;
        this.startNanos = startNanos;
        this.sampler = new Sampler(request.sampling(), model.info().vocabularySize());
        sampler.acceptPrompt(request.promptTokens());
        this.stops = new StopStrings(request.stop());
        this.tokens = new int[Math.min(request.maxTokens(), contextLength - promptLength)];
    }

    public int[] promptTokens() {
        return request.promptTokens();
    }

    /**
     * Chooses the next token from {@code logits} (left untouched) and tells the listener; returns
     * true when the sequence has ended with it.
     *
     * @param cacheBytes the sequence's KV-cache memory at this step, for the listener
     */
    public boolean accept(float[] logits, long cacheBytes) {
        if (reason != null) {
            throw new IllegalStateException("The sequence has already ended (" + reason + ")");
        }
        Sample sample = sampler.next(logits);
        if (count == 0) {
            firstTokenNanos = System.nanoTime();
        }
        tokens[count++] = sample.token();
        if (sample.logprob() != null) {
            logprobs.add(sample.logprob());
        }
        if (sample.token() == model.info().eosToken() || endsTurn(sample.token())) {
            listener.onToken(new GeneratedToken(sample.token(), new byte[0], "", sample.logprob(), cacheBytes));
            return end(FinishReason.STOP, false);
        }
        byte[] bytes = model.tokenBytes(sample.token());
        StopStrings.Outcome outcome = stops.accept(utf8.append(bytes));
        text.append(outcome.emit());
        listener.onToken(new GeneratedToken(sample.token(), bytes, outcome.emit(), sample.logprob(), cacheBytes));
        if (outcome.stopped()) {
            return end(FinishReason.STOP, true);
        }
        if (count == tokens.length) {
            return end(FinishReason.LENGTH, false);
        }
        return false;
    }

    /** The token chosen last: the next one to feed the model. */
    public int lastToken() {
        return tokens[count - 1];
    }

    /** Tokens chosen so far. */
    public int generated() {
        return count;
    }

    /** Ends the sequence because its caller gave up; held-back text is dropped. */
    public void cancel() {
        if (reason == null) {
            reason = FinishReason.CANCELLED;
            endNanos = System.nanoTime();
        }
    }

    /**
     * Ends the sequence early because the KV-cache cannot hold another position (the whole pool
     * is this one sequence): like a full context window, that is {@code length}.
     */
    public void truncate() {
        if (reason == null) {
            end(FinishReason.LENGTH, false);
        }
    }

    public boolean finished() {
        return reason != null;
    }

    public GenerationResult result() {
        if (reason == null) {
            throw new IllegalStateException("The sequence has not ended yet");
        }
        return new GenerationResult(text.toString(), Arrays.copyOf(tokens, count), List.copyOf(logprobs), reason,
                request.promptTokens().length, count == 0 ? 0 : firstTokenNanos - startNanos, count == 0 ? 0 : endNanos - firstTokenNanos);
    }

    private boolean end(FinishReason why, boolean stopString) {
        reason = why;
        if (!stopString) {
            // Held-back text was not a stop string after all, and an unfinished character shows as U+FFFD.
            String rest = stops.accept(utf8.finish()).emit() + stops.finish();
            if (!rest.isEmpty()) {
                text.append(rest);
                listener.onToken(new GeneratedToken(-1, new byte[0], rest, null, 0));
            }
        }
        endNanos = System.nanoTime();
        return true;
    }

    private boolean endsTurn(int token) {
        for (int stop : request.stopTokens()) {
            if (stop == token) {
                return true;
            }
        }
        return false;
    }
}
