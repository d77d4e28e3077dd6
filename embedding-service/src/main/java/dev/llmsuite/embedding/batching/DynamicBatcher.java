package dev.llmsuite.embedding.batching;

import dev.llmsuite.tokenizer.wordpiece.BertEncoding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gathers sentences from concurrent requests into few, large encoder runs. A transformer on a
 * CPU does far more work per second on one [batch, length] tensor than on many [1, length] ones:
 * so the batcher waits a moment for company, sorts what it gathered by length and cuts it into
 * runs of at most {@link BatchPolicy#maxBatchTokens} tokens as the encoder's {@link RunLayout}
 * wants them: filled up to the budget where rows hold several sentences, cut where the estimated
 * cost is least where each sentence is padded to the run's longest ({@link RunPlanner}).
 * Sentences whose caller has gone away (future cancelled) are dropped unrun.
 *
 * <p>One worker thread per model: each run already uses every core inside ONNX Runtime.
 */
public final class DynamicBatcher implements AutoCloseable {

    /** Runs one batch; rows come sorted by length, results in the same order. */
    @FunctionalInterface
    public interface Encoder {
        float[][] embed(List<BertEncoding> batch) throws Exception;
    }

    private record Job(BertEncoding encoding, CompletableFuture<float[]> result, long enqueuedNanos, Request request) {
    }

    /** One submit call; only the worker thread counts down, after the queue handed the jobs over. */
    private static final class Request {
        private int unfinished;

        Request(int sentences) {
            unfinished = sentences;
        }
    }

    /** Runs' worth of queued tokens sorted together. */
    private static final int SORT_WINDOW = 8;

    private final Encoder encoder;
    private final RunLayout layout;
    private final BatchPolicy policy;
    private final BatchObserver observer;
    private final BlockingQueue<Job> queue;
    private final Thread worker;
    private volatile boolean running = true;

    /** Requests submitted whose sentences have not all been answered or dropped. */
    private final AtomicInteger openRequests = new AtomicInteger();

    /**
     * Requests the next gather expects: the most that were open at once during the last
     * gather's runs. Clients that wait for their answer (a client pool, a closed loop) send
     * their next request right after it, so that many come back. Worker thread only.
     */
    private int expectedRequests;

    public DynamicBatcher(String name, Encoder encoder, RunLayout layout, BatchPolicy policy, BatchObserver observer) {
        this.encoder = encoder;
        this.layout = layout;
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
        Request request = new Request(encodings.size());
        openRequests.incrementAndGet();
        for (BertEncoding encoding : encodings) {
            CompletableFuture<float[]> future = new CompletableFuture<>();
            queue.add(new Job(encoding, future, now, request));
            futures.add(future);
        }
        return futures;
    }

    public int queued() {
        return queue.size();
    }

    /** Requests accepted whose sentences have not all been answered or dropped yet. */
    public int openRequests() {
        return openRequests.get();
    }

    private void work() {
        while (running) {
            try {
                expectedRequests = runBatches(gather());
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
     *
     * <p>While fewer requests are gathered than {@link #expectedRequests}, the wait lasts up to
     * {@link BatchPolicy#maxWait} from now even if the first job queued earlier (during the
     * last run): otherwise concurrent clients stay split into the groups that happened to
     * arrive during alternate runs, each group a small batch.
     */
    private List<Job> gather() throws InterruptedException {
        Job first = queue.take();
        long maxWait = policy.maxWait().toNanos();
        long firstDeadline = first.enqueuedNanos() + maxWait;
        long patientDeadline = Math.max(firstDeadline, System.nanoTime() + maxWait);
        List<Job> jobs = new ArrayList<>();
        jobs.add(first);
        int requests = 1;
        long tokens = first.encoding().length();
        long window = (long) SORT_WINDOW * policy.maxBatchTokens();
        while (tokens < window) {
            Job next = queue.poll();
            if (next == null && tokens < policy.maxBatchTokens()) {
                long deadline = requests < expectedRequests ? patientDeadline : firstDeadline;
                long left = deadline - System.nanoTime();
                next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            }
            if (next == null) {
                break;
            }
            // A request's jobs are queued together, so a new request starts where the previous ends.
            if (next.request() != jobs.getLast().request()) {
                requests++;
            }
            jobs.add(next);
            tokens += next.encoding().length();
        }
        return jobs;
    }

    /** Runs the gathered jobs; returns the most requests that were open at the end of a run. */
    private int runBatches(List<Job> gathered) {
        List<Job> live = new ArrayList<>(gathered.size());
        for (Job job : gathered) {
            if (job.result().isDone()) {
                finish(job);
            } else {
                live.add(job);
            }
        }
        if (live.size() < gathered.size()) {
            observer.dropped(gathered.size() - live.size());
        }
        live.sort(Comparator.comparingInt(job -> job.encoding().length()));
        int[] lengths = live.stream().mapToInt(job -> job.encoding().length()).toArray();
        int start = 0;
        int mostOpen = 0;
        for (int end : layout.cut(lengths, policy.maxBatchTokens())) {
            mostOpen = Math.max(mostOpen, run(live.subList(start, end)));
            start = end;
        }
        return mostOpen;
    }

    /** Runs one batch; returns how many requests were open when it ended, its own included. */
    private int run(List<Job> jobs) {
        long started = System.nanoTime();
        List<BertEncoding> batch = new ArrayList<>(jobs.size());
        int[] lengths = new int[jobs.size()];
        long realTokens = 0;
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            observer.queueWait(started - job.enqueuedNanos());
            batch.add(job.encoding());
            lengths[i] = job.encoding().length();
            realTokens += lengths[i];
        }
        int open;
        try {
            float[][] vectors = encoder.embed(batch);
            long elapsed = System.nanoTime() - started;
            open = openRequests.get();
            observer.batchRun(jobs.size(), realTokens, layout.positions(lengths), elapsed);
            for (int i = 0; i < jobs.size(); i++) {
                jobs.get(i).result().complete(vectors[i]);
            }
        } catch (Throwable e) {
            // Whatever went wrong, the callers get an answer and the worker lives on: a dead
            // worker would leave every later request hanging.
            open = openRequests.get();
            jobs.forEach(job -> job.result().completeExceptionally(e));
        }
        jobs.forEach(this::finish);
        return open;
    }

    /** Counts a job as answered or dropped; its request closes with its last job. */
    private void finish(Job job) {
        if (--job.request().unfinished == 0) {
            openRequests.decrementAndGet();
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        queue.forEach(job -> job.result().cancel(false));
    }
}
