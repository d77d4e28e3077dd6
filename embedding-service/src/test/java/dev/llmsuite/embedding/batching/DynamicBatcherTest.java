package dev.llmsuite.embedding.batching;

import dev.llmsuite.embedding.geometry.Vectors;
import dev.llmsuite.embedding.model.BuiltInModels;
import dev.llmsuite.embedding.model.EmbeddingModel;
import dev.llmsuite.tokenizer.wordpiece.BertEncoding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batcher on the real model: gathering, the token budget, all-or-nothing admission, dropping abandoned work. */
class DynamicBatcherTest {

    static EmbeddingModel model;

    /** Keeps what the batcher reports. */
    static final class Recorder implements BatchObserver {
        final List<long[]> runs = new CopyOnWriteArrayList<>();
        final AtomicInteger dropped = new AtomicInteger();

        @Override
        public void batchRun(int sentences, long realTokens, long paddedTokens, long inferenceNanos) {
            runs.add(new long[]{sentences, realTokens, paddedTokens});
        }

        @Override
        public void queueWait(long nanos) {
        }

        @Override
        public void dropped(int sentences) {
            dropped.addAndGet(sentences);
        }

        int sentences() {
            return runs.stream().mapToInt(r -> (int) r[0]).sum();
        }
    }

    /**
     * The model's encoder, except that its runs wait until the test lets them go. With the worker
     * held inside a first run, whatever the test queues meanwhile is waiting when the worker next
     * gathers, so how runs are formed depends on what was queued, not on thread timing.
     */
    static final class HeldEncoder implements DynamicBatcher.Encoder {
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        @Override
        public float[][] embed(List<BertEncoding> batch) throws Exception {
            running.countDown();
            released.await();
            return model.encoder().embed(batch);
        }

        /** Queues one sentence and returns once the worker is running it, held. */
        CompletableFuture<float[]> holdWorker(DynamicBatcher batcher) throws Exception {
            CompletableFuture<float[]> plug = batcher.submit(List.of(encode("the worker runs this first"))).getFirst();
            running.await();
            return plug;
        }

        void release() {
            released.countDown();
        }
    }

    @BeforeAll
    static void load() throws Exception {
        model = EmbeddingModel.load(BuiltInModels.MINILM, 2, false, true);
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    static BertEncoding encode(String text) {
        return model.tokenizer().encodeForModel(text, model.maxTokens());
    }

    @Test
    void concurrentRequestsShareRunsAndGetTheirOwnVectors() throws Exception {
        Recorder recorder = new Recorder();
        HeldEncoder held = new HeldEncoder();
        int requests = 24;
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            texts.add("sentence number " + i + " " + "with some words ".repeat(i % 5));
        }
        try (DynamicBatcher batcher = new DynamicBatcher("t", held, model.encoder().layout(), new BatchPolicy(4096, Duration.ofMillis(50), 100), recorder);
             ExecutorService clients = Executors.newFixedThreadPool(requests)) {
            CompletableFuture<float[]> plug = held.holdWorker(batcher);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch submitted = new CountDownLatch(requests);
            List<Future<float[]>> results = new ArrayList<>();
            for (String text : texts) {
                results.add(clients.submit(() -> {
                    go.await();
                    CompletableFuture<float[]> vector = batcher.submit(List.of(encode(text))).getFirst();
                    submitted.countDown();
                    return vector.get();
                }));
            }
            go.countDown();
            submitted.await();
            held.release();
            plug.get();
            for (int i = 0; i < requests; i++) {
                float[] alone = model.encoder().embed(List.of(encode(texts.get(i))))[0];
                assertTrue(Vectors.cosine(alone, results.get(i).get()) > 0.99999, "request " + i + " got another sentence's vector");
            }
        }
        List<long[]> afterThePlug = recorder.runs.subList(1, recorder.runs.size());
        assertEquals(requests, afterThePlug.stream().mapToLong(r -> r[0]).sum());
        assertTrue(afterThePlug.size() < requests / 2, "expected shared runs, got " + afterThePlug.size() + " runs for " + requests + " requests");
    }

    @Test
    void runsStayWithinTheTokenBudgetAndSortedRowsKeepPaddingLow() throws Exception {
        Recorder recorder = new Recorder();
        HeldEncoder held = new HeldEncoder();
        List<BertEncoding> encodings = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            encodings.add(encode("word ".repeat(1 + (i * 7) % 40)));
        }
        try (DynamicBatcher batcher = new DynamicBatcher("t", held, model.encoder().layout(), new BatchPolicy(256, Duration.ofMillis(20), 100), recorder)) {
            CompletableFuture<float[]> plug = held.holdWorker(batcher);
            List<CompletableFuture<float[]>> futures = batcher.submit(encodings);
            held.release();
            plug.get();
            for (CompletableFuture<float[]> future : futures) {
                future.get();
            }
        }
        List<long[]> runs = recorder.runs.subList(1, recorder.runs.size());
        assertEquals(60, runs.stream().mapToLong(r -> r[0]).sum());
        long real = runs.stream().mapToLong(r -> r[1]).sum();
        long padded = runs.stream().mapToLong(r -> r[2]).sum();
        runs.forEach(r -> assertTrue(r[0] == 1 || r[2] <= 256, "run of " + r[0] + " rows padded to " + r[2] + " tokens"));
        assertTrue(padded < real * 1.3, "padding ratio " + (double) padded / real);
    }

    @Test
    void aRequestLargerThanTheFreeQueueIsRefusedWhole() {
        Recorder recorder = new Recorder();
        try (DynamicBatcher batcher = new DynamicBatcher("t", model.encoder()::embed, model.encoder().layout(), new BatchPolicy(4096, Duration.ofMillis(1), 4), recorder)) {
            List<BertEncoding> five = List.of(encode("a"), encode("b"), encode("c"), encode("d"), encode("e"));
            assertThrows(QueueFullException.class, () -> batcher.submit(five));
            assertEquals(0, batcher.queued());
        }
        assertEquals(0, recorder.sentences());
    }

    @Test
    void sentencesOfAGoneCallerAreDroppedUnrun() throws Exception {
        Recorder recorder = new Recorder();
        HeldEncoder held = new HeldEncoder();
        try (DynamicBatcher batcher = new DynamicBatcher("t", held, model.encoder().layout(), new BatchPolicy(100_000, Duration.ofMillis(300), 100), recorder)) {
            CompletableFuture<float[]> plug = held.holdWorker(batcher);
            List<CompletableFuture<float[]>> abandoned = batcher.submit(List.of(encode("nobody waits"), encode("for these")));
            abandoned.forEach(f -> f.cancel(false));
            CompletableFuture<float[]> wanted = batcher.submit(List.of(encode("but this one is wanted"))).getFirst();
            held.release();
            plug.get();
            assertEquals(384, wanted.get().length);
        }
        assertEquals(2, recorder.dropped.get());
        assertEquals(2, recorder.sentences(), "the held first sentence and the wanted one");
    }
}
