package dev.llmsuite.transformer.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.reference.Llama2cLayerZero;
import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.Session;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The attention probabilities a forward pass hands to an observer: those of the real stories260K
 * model (GGUF, as the generation-service serves it) against llama2.c's math on the same model's
 * checkpoint, and the pass's own results unchanged by being observed.
 */
class AttentionObserverTest {

    @AutoClose
    private static final LanguageModel model = LanguageModel.load(SharedData.model("stories260K.gguf"));

    /** Longer than a KV-cache block (32 positions), so later rows span two tiles of the online softmax. */
    private static final String PROMPT = "Once upon a time, there was a little girl named Lily. She loved to play outside in the sun with her friends.";

    /** Rows recorded per (layer, head), in query order. */
    private record Recorder(int wantedLayer, Map<String, float[]> rows) implements AttentionObserver {

        Recorder(int wantedLayer) {
            this(wantedLayer, new ConcurrentHashMap<>());
        }

        @Override
        public boolean observes(int layer, int head) {
            return wantedLayer < 0 || layer == wantedLayer;
        }

        @Override
        public void record(int layer, int row, int head, float[] probabilities) {
            rows.put(layer + "/" + head + "/" + row, probabilities);
        }

        float[] row(int layer, int head, int row) {
            return rows.get(layer + "/" + head + "/" + row);
        }
    }

    @Test
    void layerZeroEqualsLlama2cMathOnTheCheckpoint() throws IOException {
        int[] tokens = model.encodePrompt(PROMPT, true);
        assertTrue(tokens.length > Session.BLOCK_SIZE, "the prompt spans more than one cache block");
        Recorder recorder = new Recorder(0);
        try (Session session = model.newSession()) {
            session.prefill(tokens, recorder);
        }
        Llama2cLayerZero reference = new Llama2cLayerZero(SharedData.model("stories260K.bin"));
        double[][][] expected = reference.probabilities(tokens);
        assertEquals(model.info().heads(), reference.heads());
        for (int h = 0; h < reference.heads(); h++) {
            for (int t = 0; t < tokens.length; t++) {
                float[] observed = recorder.row(0, h, t);
                assertEquals(t + 1, observed.length, "a query sees its own position and the ones before");
                for (int s = 0; s <= t; s++) {
                    assertEquals(expected[h][t][s], observed[s], 2e-5, "head " + h + ", query " + t + ", key " + s);
                }
            }
        }
        assertEquals(reference.heads() * tokens.length, recorder.rows().size(), "only layer 0 was recorded");
    }

    @Test
    void everyObservedRowIsADistribution() {
        int[] tokens = model.encodePrompt(PROMPT, true);
        Recorder recorder = new Recorder(-1);
        try (Session session = model.newSession()) {
            session.prefill(tokens, recorder);
        }
        assertEquals(model.info().layers() * model.info().heads() * tokens.length, recorder.rows().size());
        recorder.rows().forEach((where, row) -> {
            double sum = 0;
            for (float p : row) {
                assertTrue(p >= 0 && p <= 1, where + " holds " + p);
                sum += p;
            }
            assertEquals(1.0, sum, 1e-5, where);
        });
    }

    /** Observing reads what the pass computes and changes nothing it computes. */
    @Test
    void anObservedPassGivesTheSameLogitsAsAPlainOne() {
        int[] tokens = model.encodePrompt(PROMPT, true);
        float[] plain;
        float[] observed;
        try (Session session = model.newSession()) {
            plain = session.prefill(tokens);
        }
        try (Session session = model.newSession()) {
            observed = session.prefill(tokens, new Recorder(-1));
        }
        assertArrayEquals(plain, observed);
    }
}
