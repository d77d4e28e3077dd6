package dev.llmsuite.embedding.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph rewrite on the export it knows (the built-in all-MiniLM-L6-v2 from langchain4j's jar)
 * and on graphs it does not know, which it must leave alone rather than break. That the rewritten
 * graph computes the same vectors is {@code PackedRowsExactnessTest}'s part.
 */
class PackedRowsGraphTest {

    static byte[] minilm;

    @BeforeAll
    static void read() throws Exception {
        try (InputStream in = PackedRowsGraphTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            minilm = in.readAllBytes();
        }
    }

    @Test
    void theMaskGetsAKeyDimensionAndPositionsBecomeAnInput() throws Exception {
        byte[] rewritten = PackedRowsGraph.rewrite(minilm).orElseThrow();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession original = environment.createSession(minilm, options);
             OrtSession packed = environment.createSession(rewritten, options)) {
            assertEquals(Set.of("input_ids", "attention_mask", "token_type_ids"), original.getInputNames());
            assertEquals(Set.of("input_ids", "attention_mask", "token_type_ids", "position_ids"), packed.getInputNames());
            assertEquals(3, shape(packed, "attention_mask").length);
            assertEquals(2, shape(packed, "position_ids").length);
            assertEquals(original.getOutputNames(), packed.getOutputNames());
        }
        // The weights are carried over untouched: the model loses only the dropped nodes and the
        // constant position ids (512 int64s).
        assertTrue(minilm.length - rewritten.length < 16_384 && rewritten.length < minilm.length, rewritten.length + " vs " + minilm.length);
    }

    @Test
    void aGraphOfAnotherShapeIsLeftAlone() {
        byte[] rewritten = PackedRowsGraph.rewrite(minilm).orElseThrow();
        assertEquals(Optional.empty(), PackedRowsGraph.rewrite(rewritten), "already packed: the mask is no longer widened twice");
        assertEquals(Optional.empty(), PackedRowsGraph.rewrite(new byte[0]));
        assertEquals(Optional.empty(), PackedRowsGraph.rewrite("not a model at all".getBytes()));
        assertEquals(Optional.empty(), PackedRowsGraph.rewrite(Arrays.copyOf(minilm, minilm.length / 2)));
    }

    private static long[] shape(OrtSession session, String input) throws Exception {
        return ((TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
    }
}
