package dev.llmsuite.transformer.generate;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.reference.LlamaCpp;
import dev.llmsuite.transformer.sampling.SamplingParameters;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generation loop on the real stories260K model, against llama.cpp and against its own unconstrained runs. */
class GeneratorTest {

    private static final String PROMPT = "Once upon a time";

    @AutoClose
    private static final LanguageModel model = LanguageModel.load(SharedData.model("stories260K.gguf"));
    private static final Generator generator = new Generator(model);

    private static GenerationResult run(int maxTokens, List<String> stop, SamplingParameters sampling, TokenListener listener) {
        int[] prompt = model.encodePrompt(PROMPT, model.addsBos());
        return generator.generate(new GenerationRequest(prompt, maxTokens, stop, sampling), listener, () -> false);
    }

    @Test
    void greedyTextIsWhatLlamaCppGenerates() {
        String expected;
        try (LlamaCpp llama = new LlamaCpp(SharedData.model("stories260K.gguf"), 512)) {
            expected = llama.greedy(PROMPT, 100);
        }
        GenerationResult result = run(100, List.of(), SamplingParameters.greedy(), TokenListener.NONE);
        if (result.finishReason() == FinishReason.LENGTH) {
            assertEquals(expected, result.text());
        } else {
            assertTrue(expected.startsWith(result.text()), "stopped at end-of-sequence, but not on llama.cpp's path");
        }
    }

    @Test
    void streamedPiecesAddUpToTheText() {
        StringBuilder streamed = new StringBuilder();
        List<Integer> tokens = new ArrayList<>();
        GenerationResult result = run(60, List.of(), SamplingParameters.temperature(0.8f, 5), token -> {
            streamed.append(token.text());
            if (token.token() >= 0) {
                tokens.add(token.token());
                assertTrue(token.cacheBytes() > 0, "a live sequence holds KV-cache memory");
            }
        });
        assertEquals(result.text(), streamed.toString());
        assertEquals(result.completionTokens(), tokens.size());
    }

    @Test
    void aStopStringEndsTheTextJustBeforeIt() {
        String unconstrained = run(80, List.of(), SamplingParameters.greedy(), TokenListener.NONE).text();
        String stop = "ball";
        int at = unconstrained.indexOf(stop);
        assertTrue(at > 0, "the greedy story mentions a " + stop + ": " + unconstrained);

        StringBuilder streamed = new StringBuilder();
        GenerationResult result = run(80, List.of("no such words", stop), SamplingParameters.greedy(), t -> streamed.append(t.text()));
        assertEquals(unconstrained.substring(0, at), result.text());
        assertEquals(result.text(), streamed.toString());
        assertEquals(FinishReason.STOP, result.finishReason());
    }

    @Test
    void aStopTokenEndsGenerationLikeEndOfSequence() {
        GenerationResult unconstrained = run(30, List.of(), SamplingParameters.greedy(), TokenListener.NONE);
        int stopToken = unconstrained.tokens()[6];
        int firstAt = 0;
        while (unconstrained.tokens()[firstAt] != stopToken) {
            firstAt++;
        }
        int[] prompt = model.encodePrompt(PROMPT, model.addsBos());
        GenerationResult result = generator.generate(new GenerationRequest(prompt, 30, List.of(), new int[]{stopToken},
                SamplingParameters.greedy()), TokenListener.NONE, () -> false);
        assertEquals(FinishReason.STOP, result.finishReason());
        assertEquals(firstAt + 1, result.completionTokens());
        java.io.ByteArrayOutputStream before = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < firstAt; i++) {
            before.writeBytes(model.tokenBytes(unconstrained.tokens()[i]));
        }
        assertEquals(before.toString(java.nio.charset.StandardCharsets.UTF_8), result.text());
    }

    @Test
    void theSameSeedGivesTheSameTextAndAnotherSeedAnother() {
        String first = run(40, List.of(), SamplingParameters.temperature(1.0f, 99), TokenListener.NONE).text();
        String again = run(40, List.of(), SamplingParameters.temperature(1.0f, 99), TokenListener.NONE).text();
        String other = run(40, List.of(), SamplingParameters.temperature(1.0f, 100), TokenListener.NONE).text();
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void maxTokensAndTheContextWindowEndWithLength() {
        GenerationResult limited = run(5, List.of(), SamplingParameters.greedy(), TokenListener.NONE);
        assertEquals(FinishReason.LENGTH, limited.finishReason());
        assertEquals(5, limited.completionTokens());

        int context = model.info().contextLength();
        // Penalising end-of-sequence keeps the story going until the window is full.
        SamplingParameters noEnd = SamplingParameters.greedy().withLogitBias(java.util.Map.of(model.info().eosToken(), -100f));
        GenerationResult full = run(Integer.MAX_VALUE, List.of(), noEnd, TokenListener.NONE);
        assertEquals(FinishReason.LENGTH, full.finishReason());
        assertEquals(context, full.promptTokens() + full.completionTokens());
    }

    @Test
    void cancellationStopsAtOnce() {
        AtomicInteger seen = new AtomicInteger();
        int[] prompt = model.encodePrompt(PROMPT, true);
        GenerationResult result = generator.generate(new GenerationRequest(prompt, 100, List.of(), SamplingParameters.greedy()),
                token -> seen.incrementAndGet(), () -> seen.get() >= 3);
        assertEquals(FinishReason.CANCELLED, result.finishReason());
        assertEquals(3, result.completionTokens());
    }
}
