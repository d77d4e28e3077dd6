package dev.llmsuite.transformer.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmsuite.reference.SharedData;
import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.generate.FinishReason;
import dev.llmsuite.transformer.generate.GenerationRequest;
import dev.llmsuite.transformer.generate.GenerationResult;
import dev.llmsuite.transformer.sampling.SamplingParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Continuous batching on the real stories260K model, driven one step at a time: who runs in
 * each step, how prompts are chunked, admission, preemption and the queue. Every sequence's
 * output is compared with the same request run alone.
 */
class SchedulerTest {

    @AutoClose
    private static final LanguageModel model = LanguageModel.load(SharedData.model("stories260K.gguf"));
    private static final long BLOCK_BYTES = 16 * model.info().kvCacheBytesPerToken();
    private static final String LONG = "Once upon a time, there was a little girl named Lily. She loved to play outside in the sunshine."
            + " One day, she saw a big red ball in the park.";

    private static GenerationRequest greedy(String prompt, int maxTokens) {
        // End-of-sequence is banned so that every sequence runs to its max_tokens.
        return new GenerationRequest(model.encodePrompt(prompt, true), maxTokens, List.of(),
                SamplingParameters.greedy().withLogitBias(Map.of(model.info().eosToken(), -100f)));
    }

    private static Scheduler scheduler(int maxBatch, int maxTokens, int blocks, boolean prefixCaching) {
        return new Scheduler(model, SchedulerSettings.defaults().withMaxBatch(maxBatch, maxTokens)
                .withCache(16, blocks * BLOCK_BYTES, prefixCaching));
    }

    private static void assertAsAlone(List<GenerationRequest> requests, List<GenerationResult> results) {
        for (int i = 0; i < requests.size(); i++) {
            GenerationResult alone = Steps.alone(model, requests.get(i));
            assertArrayEquals(alone.tokens(), results.get(i).tokens(), "sequence " + i);
            assertEquals(alone.text(), results.get(i).text(), "sequence " + i);
            assertEquals(alone.finishReason(), results.get(i).finishReason(), "sequence " + i);
        }
    }

    @Test
    void aNewRequestJoinsTheRunningBatchAtTheNextStep() {
        Scheduler scheduler = scheduler(4, 64, 100, false);
        List<StepReport> steps = new ArrayList<>();
        scheduler.observe(steps::add);
        GenerationRequest first = greedy("Once upon a time", 20);
        GenerationRequest second = greedy("The cat", 20);
        List<SequenceHandle> handles = new ArrayList<>(Steps.submit(scheduler, first));
        scheduler.step();
        handles.addAll(Steps.submit(scheduler, second));
        scheduler.step();

        assertEquals(new StepReport(1, 0, first.promptTokens().length, 0, steps.get(0).nanos()), steps.get(0));
        assertEquals(new StepReport(2, 1, second.promptTokens().length, 0, steps.get(1).nanos()), steps.get(1),
                "the second prompt is computed in the same forward pass as the first sequence's next token");
        assertAsAlone(List.of(first, second), Steps.untilDone(scheduler, handles));
    }

    @Test
    void aLongPromptIsPrefilledInChunksWhileTheRunningStreamKeepsDecoding() {
        Scheduler scheduler = scheduler(4, 16, 100, false);
        List<StepReport> steps = new ArrayList<>();
        GenerationRequest running = greedy("Once upon a time", 40);
        GenerationRequest longPrompt = greedy(LONG, 10);
        List<SequenceHandle> handles = new ArrayList<>(Steps.submit(scheduler, running));
        scheduler.step();
        scheduler.observe(steps::add);
        handles.addAll(Steps.submit(scheduler, longPrompt));
        List<GenerationResult> results = Steps.untilDone(scheduler, handles);

        int prompt = longPrompt.promptTokens().length;
        int chunked = 0;
        for (StepReport step : steps) {
            assertTrue(step.decodeRows() + step.prefillRows() <= 16, "a step's rows stay within the token budget: " + step);
            if (step.prefillRows() > 0) {
                chunked += step.prefillRows();
                assertEquals(1, step.decodeRows(), "the running stream decodes in every step of the prefill: " + step);
            }
        }
        assertEquals(prompt, chunked);
        assertTrue(steps.stream().filter(s -> s.prefillRows() > 0).count() >= (prompt + 14) / 15, "the prompt took several steps");
        assertAsAlone(List.of(running, longPrompt), results);
    }

    @Test
    void finishedSequencesLeaveAtOnceAndFreeTheirBlocks() {
        Scheduler scheduler = scheduler(4, 64, 100, false);
        List<SequenceHandle> handles = Steps.submit(scheduler, greedy("Once upon a time", 3), greedy("The cat", 30));
        for (int i = 0; i < 3; i++) {
            scheduler.step();
        }
        assertTrue(handles.get(0).result().isDone());
        assertEquals(1, scheduler.running());
        int promptTwo = greedy("The cat", 30).promptTokens().length;
        assertEquals(scheduler.pool().blocksFor(promptTwo + 2), scheduler.pool().used(), "only the second sequence's blocks are held");
        Steps.untilDone(scheduler, handles);
        assertEquals(0, scheduler.running());
        assertEquals(0, scheduler.pool().used());
        assertEquals(scheduler.pool().capacity(), scheduler.pool().free());
    }

    @Test
    void admissionStopsAtTheMaximumBatchSize() {
        Scheduler scheduler = scheduler(2, 64, 100, false);
        List<SequenceHandle> handles = Steps.submit(scheduler, greedy("One day", 4), greedy("Tom had", 10), greedy("The sun", 10));
        scheduler.step();
        assertEquals(2, scheduler.running());
        assertEquals(1, scheduler.queued());
        for (int i = 0; i < 4; i++) {
            scheduler.step();
        }
        assertTrue(handles.get(0).result().isDone());
        assertEquals(2, scheduler.running(), "the third joined when the first left");
        assertEquals(0, scheduler.queued());
        Steps.untilDone(scheduler, handles);
    }

    @Test
    void admissionWaitsForFreeBlocks() {
        GenerationRequest a = greedy(LONG, 2);
        GenerationRequest b = greedy(LONG + " Lily", 2);
        GenerationRequest c = greedy(LONG + " She", 2);
        int blocks = (c.promptTokens().length + 15) / 16;
        assertEquals(blocks, (a.promptTokens().length + 15) / 16);
        // Room for two prompts and a block for each to grow into, not for a third prompt.
        Scheduler scheduler = scheduler(4, 256, 2 * blocks + 1, false);
        List<SequenceHandle> handles = Steps.submit(scheduler, a, b, c);
        scheduler.step();
        assertEquals(2, scheduler.running(), "the batch had room for four");
        assertEquals(1, scheduler.queued());
        assertAsAlone(List.of(a, b, c), Steps.untilDone(scheduler, handles));
    }

    @Test
    void whenBlocksRunOutTheNewestSequenceIsPreemptedAndRecomputedLater() {
        // Each sequence ends at 3 + 60 positions (4 blocks); 6 blocks cannot hold both, so the newer one must yield.
        Scheduler scheduler = scheduler(4, 256, 6, true);
        GenerationRequest older = greedy("Once upon a time", 60);
        GenerationRequest newer = greedy("One day, Tom", 60);
        List<GenerationResult> results = Steps.untilDone(scheduler, Steps.submit(scheduler, older, newer));
        assertTrue(scheduler.preemptions() > 0, "no preemption happened");
        assertAsAlone(List.of(older, newer), results);
        assertEquals(0, scheduler.pool().used());
    }

    @Test
    void aSequenceThatOutgrowsTheWholeCacheEndsWithLength() {
        Scheduler scheduler = scheduler(4, 64, 4, false);
        GenerationRequest request = greedy("Once upon a time", 100);
        GenerationResult result = Steps.untilDone(scheduler, Steps.submit(scheduler, request)).getFirst();
        assertEquals(FinishReason.LENGTH, result.finishReason());
        assertEquals(4 * 16 - request.promptTokens().length + 1, result.completionTokens(), "every position of the pool was used");
        assertArrayEquals(java.util.Arrays.copyOf(Steps.alone(model, request).tokens(), result.completionTokens()), result.tokens());
    }

    @Test
    void aSequenceWhoseReaderIsBehindSitsOutStepsAndKeepsItsPlace() {
        Scheduler scheduler = scheduler(2, 64, 100, false);
        AtomicBoolean readerKeepsUp = new AtomicBoolean(true);
        AtomicInteger slowTokens = new AtomicInteger();
        GenerationRequest slow = greedy("Once upon a time", 20);
        GenerationRequest fast = greedy("The cat", 20);
        GenerationRequest third = greedy("One day", 5);
        List<SequenceHandle> handles = new ArrayList<>(scheduler.submit(
                List.of(new Choice(slow, token -> slowTokens.incrementAndGet(), readerKeepsUp::get)), () -> false));
        handles.addAll(Steps.submit(scheduler, fast, third));
        scheduler.step();
        scheduler.step();
        readerKeepsUp.set(false);
        int before = slowTokens.get();
        for (int i = 0; i < 5; i++) {
            scheduler.step();
        }
        assertEquals(before, slowTokens.get(), "no tokens while its reader is behind");
        assertEquals(2, scheduler.running(), "it kept its place in the batch");
        assertEquals(1, scheduler.queued());
        readerKeepsUp.set(true);
        assertAsAlone(List.of(slow, fast, third), Steps.untilDone(scheduler, handles));
    }

    @Test
    void beyondTheQueueASubmissionIsRefusedWithRetryAfter() {
        Scheduler scheduler = new Scheduler(model, SchedulerSettings.defaults().withMaxQueued(2));
        Steps.submit(scheduler, greedy("One", 2), greedy("Two", 2));
        QueueFullException full = assertThrows(QueueFullException.class, () -> Steps.submit(scheduler, greedy("Three", 2)));
        assertTrue(full.retryAfterSeconds() >= 1);
        assertEquals(2, scheduler.queued());
        scheduler.step();
        assertEquals(0, scheduler.queued(), "admitted requests leave the queue");
        Steps.submit(scheduler, greedy("Three", 2));
    }

    @Test
    void aPromptLargerThanTheCacheIsRefusedAtOnce() {
        Scheduler scheduler = scheduler(4, 64, 2, false);
        var refused = assertThrows(IllegalArgumentException.class, () -> Steps.submit(scheduler, greedy(LONG, 2)));
        assertTrue(refused.getMessage().contains("KV-cache"), refused.getMessage());
    }

    @Test
    void aCancelledSequenceLeavesItsBatchWhileTheOthersGoOn() {
        Scheduler scheduler = scheduler(4, 64, 100, false);
        GenerationRequest a = greedy("Once upon a time", 30);
        GenerationRequest b = greedy("The cat", 30);
        GenerationRequest c = greedy("One day", 30);
        List<SequenceHandle> handles = Steps.submit(scheduler, a, b, c);
        for (int i = 0; i < 5; i++) {
            scheduler.step();
        }
        handles.get(1).cancel();
        scheduler.step();
        assertTrue(handles.get(1).result().isDone(), "cancelled at the next step");
        assertEquals(2, scheduler.running());
        List<GenerationResult> results = Steps.untilDone(scheduler, handles);
        assertEquals(FinishReason.CANCELLED, results.get(1).finishReason());
        assertEquals(5, results.get(1).completionTokens());
        assertArrayEquals(java.util.Arrays.copyOf(Steps.alone(model, b).tokens(), 5), results.get(1).tokens());
        assertAsAlone(List.of(a, c), List.of(results.get(0), results.get(2)));
        assertEquals(0, scheduler.pool().used());
    }

    @Test
    void aSharedPrefixIsComputedOnceAndReused() {
        Scheduler scheduler = scheduler(4, 256, 100, true);
        List<StepReport> steps = new ArrayList<>();
        scheduler.observe(steps::add);
        GenerationRequest first = greedy(LONG, 8);
        Steps.untilDone(scheduler, Steps.submit(scheduler, first));
        GenerationRequest second = greedy(LONG + " She ran to get it.", 8);
        int before = steps.size();
        GenerationResult result = Steps.untilDone(scheduler, Steps.submit(scheduler, second)).getFirst();

        int shared = first.promptTokens().length / 16 * 16;
        assertTrue(shared >= 32);
        assertEquals(second.promptTokens().length - shared, steps.get(before).prefillRows(), "only the rest of the prompt was computed");
        assertEquals(shared, scheduler.pool().prefixes().hitTokens());
        assertAsAlone(List.of(second), List.of(result));
    }

    @Test
    void theChoicesOfOnePromptComputeItOnceAndSampleWithTheirOwnSeeds() {
        Scheduler scheduler = scheduler(8, 256, 100, true);
        List<StepReport> steps = new ArrayList<>();
        scheduler.observe(steps::add);
        int[] prompt = model.encodePrompt(LONG, true);
        List<GenerationRequest> requests = new ArrayList<>();
        List<Choice> choices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            GenerationRequest request = new GenerationRequest(prompt, 25, List.of(), SamplingParameters.temperature(0.9f, 100 + i));
            requests.add(request);
            choices.add(new Choice(request, dev.llmsuite.transformer.generate.TokenListener.NONE));
        }
        List<GenerationResult> results = Steps.untilDone(scheduler, scheduler.submit(choices, () -> false));

        assertEquals(prompt.length, steps.stream().mapToInt(StepReport::prefillRows).sum(), "the prompt was computed once for four choices");
        assertAsAlone(requests, results);
        assertFalse(results.get(0).text().equals(results.get(1).text()), "different seeds, different stories");
        assertEquals(0, scheduler.pool().used());
    }

    @Test
    void stopStringsLogprobsPenaltiesAndStreamingWorkPerSequenceInABatch() {
        Scheduler scheduler = scheduler(8, 64, 100, true);
        int[] prompt = model.encodePrompt("Once upon a time", true);
        String stop = Steps.alone(model, new GenerationRequest(prompt, 40, List.of(), SamplingParameters.greedy())).text().substring(20, 24);
        List<GenerationRequest> requests = List.of(
                new GenerationRequest(prompt, 40, List.of(stop), SamplingParameters.greedy()),
                new GenerationRequest(prompt, 12, List.of(), SamplingParameters.greedy().withTopLogprobs(3)),
                new GenerationRequest(prompt, 30, List.of(), SamplingParameters.temperature(1.0f, 7).withTopP(0.9f).withTopK(40)),
                new GenerationRequest(model.encodePrompt("The dog", true), 30, List.of(),
                        SamplingParameters.greedy().withPenalties(1.3f, 0.5f, 0.5f)));
        List<StringBuilder> streamed = new ArrayList<>();
        List<SequenceHandle> handles = new ArrayList<>();
        for (GenerationRequest request : requests) {
            StringBuilder text = new StringBuilder();
            streamed.add(text);
            handles.addAll(scheduler.submit(List.of(new Choice(request, token -> text.append(token.text()))), () -> false));
        }
        List<GenerationResult> results = Steps.untilDone(scheduler, handles);

        assertAsAlone(requests, results);
        assertEquals(FinishReason.STOP, results.get(0).finishReason());
        assertEquals(Steps.alone(model, requests.get(1)).logprobs(), results.get(1).logprobs());
        for (int i = 0; i < requests.size(); i++) {
            assertEquals(results.get(i).text(), streamed.get(i).toString(), "streamed pieces add up to the text of sequence " + i);
        }
    }
}
