package dev.llmsuite.embedding.batching;

import dev.llmsuite.tokenizer.wordpiece.BertEncoding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gathers sentences from concurrent requests into few, large encoder runs. A transformer on a
 * CPU does far more work per second on one [batch, length] tensor than on many [1, length] ones,
 * as long as the rows have similar lengths: so the batcher waits a moment for company, sorts
 * what it gathered by length and cuts it into runs of at most {@link BatchPolicy#maxBatchTokens}
 * padded tokens. Sentences whose caller has gone away (future cancelled) are dropped unrun.
 *
 * <p>One worker thread per model: each run already uses every core inside ONNX Runtime.
 */
public final class DynamicBatcher implements AutoCloseable {

    /** Runs one batch; rows come sorted by length, results in the same order. */
    @FunctionalInterface
    public interface Encoder {
        float[][] embed(List<BertEncoding> batch) throws Exception;
    }

    private record Job(BertEncoding encoding, CompletableFuture<float[]> result, long enqueuedNanos) {
    }

    /** Rows a run may hold before padding alone is reason to start another. */
    private static final int MIN_ROWS_BEFORE_SPLIT = 8;

    /** Padded over real tokens that a run may reach once it has enough rows. */
    private static final double MAX_PADDING_RATIO = 1.5;

    /** Runs' worth of queued tokens sorted together. */
    private static final int SORT_WINDOW = 8;

    private final Encoder encoder;
    private final BatchPolicy policy;
    private final BatchObserver observer;
    private final BlockingQueue<Job> queue;
    private final Thread worker;
    private volatile boolean running = true;

    public DynamicBatcher(String name, Encoder encoder, BatchPolicy policy, BatchObserver observer) {
        this.encoder = encoder;
        this.policy = policy;
        this.observer = observer;
        this.queue = new ArrayBlockingQueue<>(policy.queueCapacity());
        this.worker = Thread.ofPlatform().name("embedding-batcher-" + name).daemon().start(this::work);
    }

    /**
     * Queues all sentences of one request, or none of them: a request is never half-accepted.
     * Cancel the returned futures when the caller goes away.
     */
    public synchronized List<CompletableFuture<float[]>> submit(List<BertEncoding> encodings) throws QueueFullException {
        if (!running) {
            throw new IllegalStateException("Batcher is closed");
        }
        int free = queue.remainingCapacity();
        if (free < encodings.size()) {
            throw new QueueFullException(encodings.size(), free);
        }
        List<CompletableFuture<float[]>> futures = new ArrayList<>(encodings.size());
        long now = System.nanoTime();
        for (BertEncoding encoding : encodings) {
            CompletableFuture<float[]> future = new CompletableFuture<>();
            queue.add(new Job(encoding, future, now));
            futures.add(future);
        }
        return futures;
    }

    public int queued() {
        return queue.size();
    }

    private void work() {
        while (running) {
            try {
                runBatches(gather());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Blocks for the first job, waits until the first job's deadline for one run's worth of
     * tokens, and takes whatever else is already queued up to {@link #SORT_WINDOW} runs' worth:
     * the more rows are sorted together, the less padding each run carries.
     */
    private List<Job> gather() throws InterruptedException {
        Job first = queue.take();
        List<Job> jobs = new ArrayList<>();
        jobs.add(first);
        long tokens = first.encoding().length();
        long deadline = first.enqueuedNanos() + policy.maxWait().toNanos();
        long window = (long) SORT_WINDOW * policy.maxBatchTokens();
        while (tokens < window) {
            Job next = queue.poll();
            if (next == null && tokens < policy.maxBatchTokens()) {
                long left = deadline - System.nanoTime();
                next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            }
            if (next == null) {
                break;
            }
            jobs.add(next);
            tokens += next.encoding().length();
        }
        return jobs;
    }

    private void runBatches(List<Job> gathered) {
        List<Job> live = new ArrayList<>(gathered.size());
        for (Job job : gathered) {
            if (!job.result().isDone()) {
                live.add(job);
            }
        }
        if (live.size() < gathered.size()) {
            observer.dropped(gathered.size() - live.size());
        }
        live.sort(Comparator.comparingInt(job -> job.encoding().length()));
        int start = 0;
        while (start < live.size()) {
            // Rows are sorted, so the last row of a run sets its padded width.
            int end = start + 1;
            long realTokens = live.get(start).encoding().length();
            while (end < live.size()) {
                int width = live.get(end).encoding().length();
                long padded = (long) (end + 1 - start) * width;
                boolean overBudget = padded > policy.maxBatchTokens();
                // A few rows already make an efficient run; past that, a much longer row is
                // better off starting the next run than padding all the short ones to its width.
                boolean tooMuchPadding = end - start >= MIN_ROWS_BEFORE_SPLIT && padded > MAX_PADDING_RATIO * (realTokens + width);
                if (overBudget || tooMuchPadding) {
                    break;
                }
                realTokens += width;
                end++;
            }
            run(live.subList(start, end));
            start = end;
        }
    }

    private void run(List<Job> jobs) {
        long started = System.nanoTime();
        List<BertEncoding> batch = new ArrayList<>(jobs.size());
        long realTokens = 0;
        for (Job job : jobs) {
            observer.queueWait(started - job.enqueuedNanos());
            batch.add(job.encoding());
            realTokens += job.encoding().length();
        }
        try {
            float[][] vectors = encoder.embed(batch);
            long elapsed = System.nanoTime() - started;
            observer.batchRun(jobs.size(), realTokens, (long) jobs.size() * jobs.getLast().encoding().length(), elapsed);
            for (int i = 0; i < jobs.size(); i++) {
                jobs.get(i).result().complete(vectors[i]);
            }
        } catch (Throwable e) {
            // Whatever went wrong, the callers get an answer and the worker lives on: a dead
            // worker would leave every later request hanging.
            jobs.forEach(job -> job.result().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        queue.forEach(job -> job.result().cancel(false));
    }
}
