package dev.llmsuite.generation.completion;

import dev.llmsuite.generation.models.ServedModel;
import dev.llmsuite.transformer.sampling.SamplingParameters;

import java.util.List;

/**
 * A validated request, ready to run: every prompt tokenised, every parameter in range.
 * Choices are numbered prompt by prompt: choice {@code p * n + i} is the i-th completion of prompt p,
 * and it samples with seed {@code seed + p * n + i}, so each choice differs yet the whole is repeatable.
 *
 * @param maxTokens  tokens to generate per choice, already fitted to each prompt's room in the context
 * @param stop       the caller's stop strings plus the chat format's end-of-turn markers
 * @param stopTokens end-of-turn control tokens that end generation like end-of-sequence does
 */
public record GenerationPlan(ServedModel model, String operation, List<int[]> prompts, int[] maxTokens, int n,
                             List<String> stop, int[] stopTokens, SamplingParameters sampling, boolean stream, boolean includeUsage) {

    public int choices() {
        return prompts.size() * n;
    }

    /** The prompt tokens billed: each prompt once, however many of the n choices continue it (as OpenAI counts). */
    public long promptTokens() {
        return promptTokensOfStartedPrompts(choices());
    }

    /**
     * The prompt tokens of the prompts whose first choice had started when {@code startedChoices}
     * choices had: a request cut short is billed for the prompts it computed.
     */
    public long promptTokensOfStartedPrompts(int startedChoices) {
        long total = 0;
        for (int p = 0; p < prompts.size() && p * n < startedChoices; p++) {
            total += prompts.get(p).length;
        }
        return total;
    }
}
