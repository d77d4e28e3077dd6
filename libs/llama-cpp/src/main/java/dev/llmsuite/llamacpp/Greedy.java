package dev.llmsuite.llamacpp;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy generation: each next token is the argmax of the logits, end-of-sequence tokens included
 * (they are not special to the loop), so that runs of any length compare token for token.
 */
public final class Greedy {

    /** Generated tokens and their text as {@link Vocabulary#text} renders it. */
    public record Generation(int[] tokens, String text) {
    }

    private Greedy() {
    }

    /** {@code count} tokens after {@code prompt}, which is tokenized with the model's BOS rule. */
    public static Generation generate(LlamaContext context, String prompt, int count) {
        Vocabulary vocabulary = context.model().vocabulary();
        return generate(context, vocabulary.tokenize(prompt, vocabulary.addsBos(), false), count);
    }

    /** {@code count} tokens after {@code prompt}, starting from an empty cache. */
    public static Generation generate(LlamaContext context, int[] prompt, int count) {
        context.clear();
        context.prefill(0, 0, prompt);
        int[] tokens = new int[count];
        for (int i = 0; i < count; i++) {
            tokens[i] = context.argmax(-1);
            if (i + 1 < count) {
                context.next(0, tokens[i]);
            }
        }
        return new Generation(tokens, context.model().vocabulary().text(tokens));
    }

    /**
     * Several prompts decoded side by side, one sequence each (the context needs as many
     * sequences): every step is one {@code llama_decode} of one token per sequence.
     */
    public static List<Generation> generateTogether(LlamaContext context, List<int[]> prompts, int count) {
        return new Together(context, prompts).run(count).generations();
    }

    /**
     * The work of {@link #generateTogether}, with the nanoseconds that llama.cpp spent on the
     * prompts and on the decode steps.
     */
    public record TogetherRun(List<Generation> generations, long prefillNanos, long decodeNanos) {
    }

    public static TogetherRun runTogether(LlamaContext context, List<int[]> prompts, int count) {
        return new Together(context, prompts).run(count);
    }

    private static final class Together {

        private final LlamaContext context;
        private final List<int[]> prompts;
        private final int[][] generated;
        private final Batch batch;

        Together(LlamaContext context, List<int[]> prompts) {
            if (prompts.size() > context.options().sequences()) {
                throw new IllegalArgumentException(prompts.size() + " prompts, but the context holds "
                        + context.options().sequences() + " sequences");
            }
            this.context = context;
            this.prompts = prompts;
            this.generated = new int[prompts.size()][];
            this.batch = new Batch(context.options().batchSize());
        }

        TogetherRun run(int count) {
            try (batch) {
                context.clear();
                for (int s = 0; s < generated.length; s++) {
                    generated[s] = new int[count];
                }
                long prefill = prefillAll();
                long decode = 0;
                for (int step = 1; step < count; step++) {
                    batch.clear();
                    for (int s = 0; s < generated.length; s++) {
                        batch.add(generated[s][step - 1], prompts.get(s).length + step - 1, s, true);
                    }
                    decode += context.decode(batch);
                    for (int s = 0; s < generated.length; s++) {
                        generated[s][step] = context.argmax(s);
                    }
                }
                List<Generation> generations = new ArrayList<>();
                for (int[] tokens : generated) {
                    generations.add(new Generation(tokens, context.model().vocabulary().text(tokens)));
                }
                return new TogetherRun(generations, prefill, decode);
            }
        }

        /** All prompts in as few calls as the batch size allows; each prompt's first token comes from its last logits. */
        private long prefillAll() {
            long nanos = 0;
            List<int[]> waiting = new ArrayList<>();
            batch.clear();
            for (int s = 0; s < prompts.size(); s++) {
                int[] prompt = prompts.get(s);
                for (int p = 0; p < prompt.length; p++) {
                    if (batch.isFull()) {
                        nanos += decodeAndTakeFirstTokens(waiting);
                    }
                    int index = batch.add(prompt[p], p, s, p == prompt.length - 1);
                    if (p == prompt.length - 1) {
                        waiting.add(new int[] {s, index});
                    }
                }
            }
            return nanos + decodeAndTakeFirstTokens(waiting);
        }

        private long decodeAndTakeFirstTokens(List<int[]> waiting) {
            long nanos = context.decode(batch);
            for (int[] sequenceAndIndex : waiting) {
                generated[sequenceAndIndex[0]][0] = context.argmax(sequenceAndIndex[1]);
            }
            waiting.clear();
            batch.clear();
            return nanos;
        }
    }
}
