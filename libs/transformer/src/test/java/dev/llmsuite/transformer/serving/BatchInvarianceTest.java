package dev.llmsuite.transformer.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.tokenizer.sentencepiece.Llama2cTokenizerFile;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.cache.KvCacheType;
import dev.llmsuite.transformer.generate.GenerationRequest;
import dev.llmsuite.transformer.generate.GenerationResult;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.model.SentencePieceVocabulary;
import dev.llmsuite.transformer.sampling.SamplingParameters;
import dev.llmsuite.transformer.synthetic.R50kPrefix;
import dev.llmsuite.transformer.synthetic.SyntheticModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sequence's output does not depend on its batch mates: eight different prompts decoded
 * together by the scheduler (prompt chunks of some in the same forward passes as the decoding of
 * others, with a small token budget) give each the greedy tokens it gets alone, with either cache type.
 */
class BatchInvarianceTest {

    private static final String[] PROMPTS = {
            "Once upon a time",
            "The quick brown fox jumps over the lazy dog, and then",
            "Hello",
            "In a hole in the ground there lived a hobbit. Not a nasty, dirty, wet hole, filled with the ends of worms",
            "1, 2, 3, 4,",
            "It was the best of times, it was the worst of times",
            "Q: What is the capital of France?\nA:",
            "def fibonacci(n):\n    if n < 2:\n        return n\n",
    };
    private static final int TOKENS = 40;

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} {1}, {2} cache")
    @CsvSource({"llama, F32, F32", "llama, Q8_0, F32", "gpt2, F32, F32", "gpt2, Q8_0, F32", "llama, Q8_0, F16", "gpt2, F32, F16"})
    void greedyOutputInABatchOfEightEqualsItsOutputAlone(String architecture, TensorType type, KvCacheType cacheType) throws Exception {
        Path file = folder.resolve(architecture + "-" + type + ".gguf");
        if (architecture.equals("llama")) {
            var vocabulary = SentencePieceVocabulary.of(Llama2cTokenizerFile.read(SharedData.model("llama2-tokenizer.bin")));
            SyntheticModel.writeLlama(file, new SyntheticModel.Shape(128, 320, 2, 4, 2, 256), type, vocabulary, 42);
        } else {
            SyntheticModel.writeGpt2(file, new SyntheticModel.Shape(128, 384, 2, 4, 4, 256), type, R50kPrefix.load(2000), 11);
        }
        try (LanguageModel model = LanguageModel.load(file)) {
            List<GenerationRequest> requests = new ArrayList<>();
            for (String prompt : PROMPTS) {
                requests.add(new GenerationRequest(model.encodePrompt(prompt, model.addsBos()), TOKENS, List.of(), SamplingParameters.greedy()));
            }
            Scheduler scheduler = new Scheduler(model, SchedulerSettings.defaults().withMaxBatch(8, 24).withCacheType(cacheType));
            List<Integer> batchSizes = new ArrayList<>();
            scheduler.observe(step -> batchSizes.add(step.sequences()));
            List<GenerationResult> together = Steps.untilDone(scheduler, Steps.submit(scheduler, requests.toArray(GenerationRequest[]::new)));

            assertTrue(batchSizes.contains(8), "the eight sequences ran in one batch: " + batchSizes);
            for (int i = 0; i < PROMPTS.length; i++) {
                GenerationResult alone = Steps.alone(model, requests.get(i), cacheType);
                assertArrayEquals(alone.tokens(), together.get(i).tokens(), PROMPTS[i]);
                assertEquals(alone.finishReason(), together.get(i).finishReason(), PROMPTS[i]);
            }
        }
    }
}
