package dev.llmsuite.transformer.serving;

import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.batch.Batch;
import dev.llmsuite.transformer.cache.BlockPool;
import dev.llmsuite.transformer.generate.Decoding;
import dev.llmsuite.transformer.model.ModelConfig;
import dev.llmsuite.transformer.model.Transformer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Continuous batching for one model. Requests queue up; at every {@link #step} the running
 * sequences go through the model together in one forward pass, one matrix-matrix product per
 * weight matrix for all their rows, so the weights are read once per step instead of once per
 * sequence. A step:
 * <ol>
 *   <li>takes in what was submitted since the last step, and ends cancelled sequences;</li>
 *   <li>admits waiting sequences, first come first served, while the batch has room
 *       ({@code maxBatchSize}) and the pool has blocks for their prompt (less what the prefix
 *       cache already holds) plus one to grow;</li>
 *   <li>gives each running sequence its rows: the token it chose last, or a chunk of its prompt
 *       from what is left of the step's token budget (chunked prefill), oldest first; a sequence
 *       whose next block cannot be had preempts the newest running sequence (its blocks are freed,
 *       it waits at the front of the queue and is computed again later, mostly from the prefix
 *       cache) rather than failing;</li>
 *   <li>runs the forward pass; every sequence whose rows reached its last token chooses the next
 *       one ({@link Decoding}); ended sequences leave at once and free their blocks.</li>
 * </ol>
 * The n choices of one prompt are submitted together: the first computes the prompt, and the
 * others start from its blocks (shared, copied when first written) and its logits.
 *
 * <p>{@link #submit} may be called from any thread; {@link #step} from one thread at a time
 * ({@link SchedulerLoop} runs it, tests drive it directly).
 */
public final class Scheduler {

    private record Rows(Sequence sequence, int count) {
    }

    private static final long IDLE_POLL_MILLIS = 2;

    private final LanguageModel model;
    private final Transformer transformer;
    private final SchedulerSettings settings;
    private final BlockPool pool;
    private final long cacheBytesPerToken;
    private final WaitingLine waiting;
    private final List<Sequence> running = new ArrayList<>();
    private StepReport.Observer observer = StepReport.Observer.NONE;
    private volatile int runningCount;
    private volatile long preemptions;
    private volatile double secondsPerSequence = 1;

    public Scheduler(LanguageModel model, SchedulerSettings settings) {
        this.model = model;
        this.transformer = model.transformer();
        this.settings = settings;
        ModelConfig c = transformer.config();
        long blockBytes = BlockPool.bytesPerBlock(c.layers(), c.kvDim(), settings.blockSize(), settings.cacheType());
        long blocks = settings.cacheBytes() / blockBytes;
        if (blocks < 1) {
            throw new IllegalArgumentException("A KV-cache budget of " + settings.cacheBytes() + " bytes holds no block of "
                    + blockBytes + " bytes (" + settings.blockSize() + " positions) for " + model.info().name());
        }
        this.pool = new BlockPool(c.layers(), c.kvHeads(), c.headSize(), settings.blockSize(), (int) Math.min(blocks, 1 << 24),
                settings.cacheType(), settings.prefixCaching());
        this.cacheBytesPerToken = settings.cacheType().bytesPerToken(c.layers(), c.kvDim());
        this.waiting = new WaitingLine(settings.maxQueued());
    }

    /** Receives a report after every step that ran (on the stepping thread). */
    public void observe(StepReport.Observer stepObserver) {
        this.observer = stepObserver;
    }

    /**
     * Queues the choices of one prompt; they share its computation. {@code callerGaveUp} is polled
     * at every step (a client that disconnected), and ends all of them.
     *
     * @throws QueueFullException       when {@code maxQueued} submissions are already waiting
     * @throws IllegalArgumentException when the choices differ in prompt, are more than a batch
     *                                  holds, or the prompt needs more KV-cache than the pool has
     */
    public List<SequenceHandle> submit(List<Choice> choices, BooleanSupplier callerGaveUp) {
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("Nothing to generate: no choices");
        }
        int[] prompt = choices.getFirst().request().promptTokens();
        for (Choice choice : choices) {
            if (!Arrays.equals(prompt, choice.request().promptTokens())) {
                throw new IllegalArgumentException("The choices of one submission must share their prompt");
            }
        }
        if (choices.size() > settings.maxBatchSize()) {
            throw new IllegalArgumentException(choices.size() + " choices of one prompt run together, but a batch holds "
                    + settings.maxBatchSize() + " sequences");
        }
        int blocks = pool.blocksFor(prompt.length) + choices.size();
        if (blocks > pool.capacity()) {
            throw new IllegalArgumentException("The prompt of " + prompt.length + " tokens needs " + blocks + " KV-cache blocks with "
                    + choices.size() + " choices, but the cache holds " + pool.capacity() + "; raise the KV-cache budget");
        }
        long now = System.nanoTime();
        int context = model.info().contextLength();
        List<Sequence> sequences = new ArrayList<>();
        for (Choice choice : choices) {
            Decoding decoding = new Decoding(model, choice.request(), choice.listener(), now);
            int capacity = prompt.length + Math.min(choice.request().maxTokens(), context - prompt.length);
            sequences.add(new Sequence(decoding, capacity, callerGaveUp, choice.ready()));
        }
        Sequence first = sequences.getFirst();
        first.siblings.addAll(sequences.subList(1, sequences.size()));
        waiting.submit(first, () -> new QueueFullException("The queue is full: " + settings.maxQueued() + " requests are waiting for "
                + model.info().name() + ".", retryAfterSeconds()));
        return sequences.stream().map(s -> s.handle).toList();
    }

    /**
     * One step of continuous batching (see the class comment). Returns false when there was
     * nothing to run.
     */
    public boolean step() {
        long start = System.nanoTime();
        waiting.takeArrivals();
        endCancelled();
        admit();
        List<Rows> scheduled = new ArrayList<>();
        int preempted = schedule(scheduled);
        int decodeRows = 0;
        int prefillRows = 0;
        for (Rows rows : scheduled) {
            boolean decodes = rows.count() == 1 && rows.sequence().decoding.generated() > 0;
            decodeRows += decodes ? 1 : 0;
            prefillRows += decodes ? 0 : rows.count();
        }
        if (!scheduled.isEmpty()) {
            run(scheduled);
        }
        runningCount = running.size();
        if (scheduled.isEmpty()) {
            return false;
        }
        observer.onStep(new StepReport(scheduled.size(), decodeRows, prefillRows, preempted, System.nanoTime() - start));
        return true;
    }

    /**
     * For a loop thread, between steps: waits while there is nothing to do, and briefly after a
     * step that ran nothing because every running sequence waits for its reader (their readers
     * and cancellations are polled again then).
     */
    public void awaitWork(boolean lastStepRan) throws InterruptedException {
        if (running.isEmpty() && waiting.isEmpty()) {
            waiting.awaitArrival();
        } else if (!lastStepRan) {
            waiting.awaitArrival(IDLE_POLL_MILLIS);
        }
    }

    /** Ends every sequence with {@code reason} (the model is going away). */
    public void shutdown(RuntimeException reason) {
        List<Sequence> all = new ArrayList<>(running);
        all.addAll(waiting.drain());
        running.clear();
        for (Sequence sequence : all) {
            fail(sequence, reason);
        }
        runningCount = 0;
    }

    private void endCancelled() {
        for (Iterator<Sequence> it = running.iterator(); it.hasNext(); ) {
            Sequence sequence = it.next();
            sequence.siblings.removeIf(this::endIfCancelled);
            if (sequence.cancelled()) {
                it.remove();
                Sequence successor = cancel(sequence);
                if (successor != null) {
                    waiting.returnToFront(successor);
                }
            }
        }
        waiting.replaceAll(sequence -> {
            sequence.siblings.removeIf(this::endIfCancelled);
            return sequence.cancelled() ? cancel(sequence) : sequence;
        });
    }

    private boolean endIfCancelled(Sequence sequence) {
        if (sequence.cancelled()) {
            sequence.decoding.cancel();
            finish(sequence);
            return true;
        }
        return false;
    }

    /** Ends a cancelled sequence; returns the choice that takes its place for the siblings still waiting, if any. */
    private Sequence cancel(Sequence sequence) {
        sequence.decoding.cancel();
        Sequence successor = null;
        if (!sequence.siblings.isEmpty()) {
            successor = sequence.siblings.removeFirst();
            successor.siblings.addAll(sequence.siblings);
            sequence.siblings.clear();
            successor.queued = sequence.queued;
            sequence.queued = false;
        }
        finish(sequence);
        return successor;
    }

    private void admit() {
        // Blocks that running sequences will take to compute the tokens they already have.
        int promised = 0;
        for (Sequence sequence : running) {
            promised += pool.blocksFor(sequence.length()) - sequence.table.size();
        }
        while (!waiting.isEmpty()) {
            Sequence next = waiting.first();
            int members = 1 + next.siblings.size();
            if (occupied() + members > settings.maxBatchSize()) {
                return;
            }
            int reused = next.reusePrefix(pool);
            int missing = pool.blocksFor(next.length()) - next.table.size();
            int headroom = running.isEmpty() ? 0 : members;
            if (pool.available() - promised < missing + headroom) {
                next.releaseBlocks(pool);
                if (!running.isEmpty()) {
                    return;
                }
                // Alone and still too long for the whole pool (it grew since it was preempted): it ends here.
                waiting.admitFirst();
                next.decoding.truncate();
                finish(next);
                continue;
            }
            promised += missing;
            pool.prefixes().record(next.length(), reused);
            waiting.admitFirst();
            if (next.admittedNanos == 0) {
                next.admittedNanos = System.nanoTime();
            }
            running.add(next);
        }
    }

    /** Batch places taken: running sequences and the choices that will start from their prompts. */
    private int occupied() {
        int count = running.size();
        for (Sequence sequence : running) {
            count += sequence.siblings.size();
        }
        return count;
    }

    /** Chooses every running sequence's rows for this step, reserving their blocks; returns the number preempted. */
    private int schedule(List<Rows> scheduled) {
        int decoding = 0;
        for (Sequence sequence : running) {
            decoding += sequence.pending() == 1 ? 1 : 0;
        }
        int prefillBudget = settings.maxBatchTokens() - decoding;
        int preempted = 0;
        for (int i = 0; i < running.size(); i++) {
            Sequence sequence = running.get(i);
            boolean decodes = sequence.pending() == 1;
            int rows = decodes ? 1 : Math.min(sequence.pending(), prefillBudget);
            if (rows == 0 || !sequence.ready()) {
                continue;
            }
            boolean placed = true;
            while (placed && !sequence.reserve(pool, rows)) {
                if (running.size() == 1) {
                    // The whole pool is this one sequence: it cannot grow, so it ends like a full context.
                    running.remove(sequence);
                    sequence.decoding.truncate();
                    finish(sequence);
                    placed = false;
                } else {
                    Sequence victim = running.getLast();
                    preempt(victim);
                    preempted++;
                    placed = victim != sequence;
                }
            }
            if (placed) {
                scheduled.add(new Rows(sequence, rows));
                prefillBudget -= decodes ? 0 : rows;
            } else {
                i--;
            }
        }
        return preempted;
    }

    /** Frees the sequence's blocks and puts it first in line; what it had computed is computed again later. */
    private void preempt(Sequence victim) {
        running.remove(victim);
        victim.releaseBlocks(pool);
        waiting.returnToFront(victim);
        preemptions++;
    }

    private void run(List<Rows> scheduled) {
        Batch.Builder batch = Batch.builder();
        for (Rows rows : scheduled) {
            Sequence s = rows.sequence();
            batch.add(s.table.toArray(), s.tokens(), s.computed(), rows.count(), s.computed(), rows.count() == s.pending());
        }
        float[][] logits;
        try {
            logits = transformer.forward(batch.build(), pool);
        } catch (RuntimeException e) {
            for (Rows rows : scheduled) {
                running.remove(rows.sequence());
                fail(rows.sequence(), e);
            }
            return;
        }
        int next = 0;
        for (Rows rows : scheduled) {
            Sequence sequence = rows.sequence();
            sequence.advance(pool, rows.count());
            if (sequence.pending() == 0) {
                float[] sequenceLogits = logits[next++];
                startSiblings(sequence, sequenceLogits);
                choose(sequence, sequenceLogits);
            }
        }
    }

    /** The leader has computed the shared prompt: its siblings start from its blocks and choose from its logits. */
    private void startSiblings(Sequence leader, float[] logits) {
        for (Sequence sibling : leader.siblings) {
            if (endIfCancelled(sibling)) {
                continue;
            }
            sibling.forkFrom(leader, pool);
            sibling.admittedNanos = leader.admittedNanos;
            running.add(sibling);
            choose(sibling, logits);
        }
        leader.siblings.clear();
    }

    private void choose(Sequence sequence, float[] logits) {
        boolean ended;
        try {
            ended = sequence.decoding.accept(logits, sequence.computed() * cacheBytesPerToken);
        } catch (RuntimeException e) {
            running.remove(sequence);
            fail(sequence, e);
            return;
        }
        if (ended) {
            running.remove(sequence);
            finish(sequence);
        } else {
            sequence.append(sequence.decoding.lastToken());
        }
    }

    private void finish(Sequence sequence) {
        sequence.releaseBlocks(pool);
        waiting.leave(sequence);
        if (sequence.admittedNanos != 0) {
            secondsPerSequence = 0.9 * secondsPerSequence + 0.1 * (System.nanoTime() - sequence.admittedNanos) / 1e9;
        }
        sequence.handle.complete(sequence.decoding.result());
    }

    private void fail(Sequence sequence, RuntimeException error) {
        sequence.releaseBlocks(pool);
        waiting.leave(sequence);
        for (Sequence sibling : sequence.siblings) {
            sibling.handle.fail(error);
        }
        sequence.siblings.clear();
        sequence.handle.fail(error);
    }

    private int retryAfterSeconds() {
        double seconds = Math.ceil(waiting.waiting() * secondsPerSequence / settings.maxBatchSize());
        return (int) Math.max(1, Math.min(60, seconds));
    }

    public SchedulerSettings settings() {
        return settings;
    }

    /** Submissions waiting for admission. */
    public int queued() {
        return waiting.waiting();
    }

    /** Sequences in the running batch after the last step. */
    public int running() {
        return runningCount;
    }

    public long preemptions() {
        return preemptions;
    }

    /** The KV-cache: blocks, bytes, and the prefix cache's counters. */
    public BlockPool pool() {
        return pool;
    }
}
