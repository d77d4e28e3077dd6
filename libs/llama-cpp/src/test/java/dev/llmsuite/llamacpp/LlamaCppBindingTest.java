package dev.llmsuite.llamacpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.reference.SharedData;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binding on the real stories260K model, against what llama.cpp is known to produce for it. */
class LlamaCppBindingTest {

    /** llama.cpp's greedy continuation of "Once upon a time" (shared/models/README.md). */
    private static final String KNOWN_CONTINUATION = ", there was a little girl named Lily. She loved to play outside in the park. "
            + "One day, she saw a big, red ball.";

    private static LlamaModel model;
    private static LlamaContext context;

    @TempDir
    Path folder;

    @BeforeAll
    static void load() {
        model = LlamaModel.load(SharedData.model("stories260K.gguf"));
        context = model.newContext(ContextOptions.exact(512, 1).withSequences(4));
    }

    @AfterAll
    static void close() {
        context.close();
        model.close();
    }

    /** The library's own defaults, read through our struct layouts, are the values its source sets. */
    @Test
    void structLayoutsMatchTheLibrary() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment context = ContextParams.defaults(arena);
            assertEquals(512, context.get(C.INT, ContextParams.N_CTX));
            assertEquals(2048, context.get(C.INT, ContextParams.N_BATCH));
            assertEquals(512, context.get(C.INT, ContextParams.N_UBATCH));
            assertEquals(1, context.get(C.INT, ContextParams.N_SEQ_MAX));
            assertEquals(FlashAttention.AUTO.code, context.get(C.INT, ContextParams.FLASH_ATTN_TYPE));
            assertEquals(GgmlType.F16.id, context.get(C.INT, ContextParams.TYPE_K));
            assertEquals(GgmlType.F16.id, context.get(C.INT, ContextParams.TYPE_V));
            assertTrue(context.get(C.BOOL, C.offset(ContextParams.LAYOUT, "offload_kqv")));
            assertTrue(context.get(C.BOOL, C.offset(ContextParams.LAYOUT, "swa_full")));
            assertFalse(context.get(C.BOOL, C.offset(ContextParams.LAYOUT, "kv_unified")));

            MemorySegment model = ModelParams.forCpu(arena, false);
            assertEquals(0, model.get(C.INT, ModelParams.N_GPU_LAYERS));
            assertFalse(model.get(C.BOOL, ModelParams.USE_EXTRA_BUFTS));
            assertTrue(ModelParams.forCpu(arena, true).get(C.BOOL, ModelParams.USE_EXTRA_BUFTS));
        }
    }

    @Test
    void greedyContinuationIsTheKnownOne() {
        Greedy.Generation generation = Greedy.generate(context, "Once upon a time", 40);
        assertTrue(generation.text().startsWith(KNOWN_CONTINUATION), generation.text());
        assertEquals(40, generation.tokens().length);
    }

    @Test
    void tokenizationFollowsTheFlags() {
        Vocabulary vocabulary = model.vocabulary();
        assertEquals(512, vocabulary.size());
        assertTrue(vocabulary.addsBos());
        int[] plain = vocabulary.tokenize("Once upon a time", false, false);
        int[] withBos = vocabulary.tokenize("Once upon a time", true, false);
        assertEquals(vocabulary.bos(), withBos[0]);
        assertArrayEquals(plain, java.util.Arrays.copyOfRange(withBos, 1, withBos.length));
        // SentencePiece's word-start marker becomes a space, also before the first word.
        assertEquals(" Once upon a time", vocabulary.detokenize(withBos, true, false));
        assertEquals("<s> Once upon a time", vocabulary.detokenize(withBos, false, true));
        // "<s>" is BOS only when special tokens are parsed.
        assertEquals(vocabulary.bos(), vocabulary.tokenize("<s>", false, true)[0]);
        assertTrue(vocabulary.tokenize("<s>", false, false).length > 1);
    }

    @Test
    void sequencesDecodedTogetherEqualEachAlone() {
        Vocabulary vocabulary = model.vocabulary();
        List<int[]> prompts = List.of(
                vocabulary.tokenize("Once upon a time", true, false),
                vocabulary.tokenize("The cat", true, false),
                vocabulary.tokenize("Lily and Ben went to the park. They saw", true, false));
        List<Greedy.Generation> together = Greedy.generateTogether(context, prompts, 30);
        for (int i = 0; i < prompts.size(); i++) {
            assertEquals(Greedy.generate(context, prompts.get(i), 30).text(), together.get(i).text());
        }
    }

    @Test
    void timingsCountOnlyWhatWasAsked() {
        int[] prompt = model.vocabulary().tokenize("Once upon a time", true, false);
        assertTrue(Timings.prefill(context, prompt) > 0);
        assertEquals(prompt.length, context.nextPosition(0));
        assertEquals(5, Timings.decode(context, 5).length);
        assertEquals(prompt.length + 5, context.nextPosition(0));
        assertEquals(3, Timings.decodeAtDepth(context, new int[100], 3).length);
        assertEquals(103, context.nextPosition(0));
    }

    @Test
    void quantizesWithLlamaCpp() throws Exception {
        Path quantized = folder.resolve("stories260K-q8_0.gguf");
        LlamaQuantizer.quantize(SharedData.model("stories260K.gguf"), quantized,
                LlamaQuantizer.Options.of(FileType.MOSTLY_Q8_0).purely());
        try (LlamaModel q8 = LlamaModel.load(quantized)) {
            assertTrue(q8.description().contains("Q8_0"), q8.description());
            assertTrue(Files.size(quantized) < Files.size(SharedData.model("stories260K.gguf")));
        }
    }
}
