package dev.llmsuite.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.model.Greedy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Sessions: batched prefill, the KV-cache accounting, limits, and independence under concurrency. */
class SessionTest {

    @AutoClose
    private static final LanguageModel model = LanguageModel.load(SharedData.model("stories260K.gguf"));

    /** Only the order of float summation differs between the matrix-matrix and matrix-vector kernels. */
    @Test
    void prefillAsOneBatchGivesTheLogitsOfTokenByTokenDecoding() {
        int[] prompt = model.encodePrompt("Lily and Ben went to the park to play", true);
        float[] batched;
        float[] stepwise = null;
        try (Session session = model.newSession()) {
            batched = session.prefill(prompt);
        }
        try (Session session = model.newSession()) {
            for (int token : prompt) {
                stepwise = session.next(token);
            }
        }
        double error = 0;
        double norm = 0;
        for (int i = 0; i < batched.length; i++) {
            error += (batched[i] - stepwise[i]) * (double) (batched[i] - stepwise[i]);
            norm += stepwise[i] * (double) stepwise[i];
        }
        assertTrue(Math.sqrt(error / norm) < 1e-5, "relative difference " + Math.sqrt(error / norm));
        assertEquals(Greedy.argmax(stepwise), Greedy.argmax(batched));
    }

    @Test
    void cacheGrowsByTheReportedBytesPerToken() {
        try (Session session = model.newSession()) {
            session.prefill(model.encodePrompt("Once upon a time", true));
            session.next(42);
            assertEquals(session.position() * model.info().kvCacheBytesPerToken(), session.cacheBytes());
            assertEquals(6, session.position());
        }
    }

    @Test
    void refusesTokensPastTheContextAndOutsideTheVocabulary() {
        try (Session session = model.newSession()) {
            var tooLong = assertThrows(IllegalArgumentException.class, () -> session.prefill(new int[model.info().contextLength() + 1]));
            assertTrue(tooLong.getMessage().contains("context length " + model.info().contextLength()), tooLong.getMessage());
            var unknown = assertThrows(IllegalArgumentException.class, () -> session.next(512));
            assertTrue(unknown.getMessage().contains("outside the vocabulary"), unknown.getMessage());
            assertEquals(0, session.position());
        }
    }

    @Test
    void concurrentSessionsDoNotDisturbEachOther() throws Exception {
        String[] prompts = {"Once upon a time", "The cat", "Tom had a red ball", "One day"};
        int[][] alone = new int[prompts.length][];
        for (int i = 0; i < prompts.length; i++) {
            alone[i] = Greedy.tokens(model, prompts[i], 40);
        }
        ExecutorService pool = Executors.newFixedThreadPool(prompts.length);
        try {
            @SuppressWarnings("unchecked")
            Future<int[]>[] together = new Future[prompts.length];
            for (int i = 0; i < prompts.length; i++) {
                String prompt = prompts[i];
                together[i] = pool.submit(() -> Greedy.tokens(model, prompt, 40));
            }
            for (int i = 0; i < prompts.length; i++) {
                assertArrayEquals(alone[i], together[i].get(), prompts[i]);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
