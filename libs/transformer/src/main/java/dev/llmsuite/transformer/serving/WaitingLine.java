package dev.llmsuite.transformer.serving;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The line in front of a scheduler's batch. Submissions arrive from any thread and wait first
 * come, first served; preempted sequences go back to the front. At most {@code limit}
 * submissions wait at a time (the n choices of one prompt count once, carried by the first), and
 * one more is refused. Everything but {@link #submit} and {@link #waiting} belongs to the
 * scheduler's thread.
 */
final class WaitingLine {

    private final LinkedBlockingQueue<Sequence> arrivals = new LinkedBlockingQueue<>();
    private final Deque<Sequence> line = new ArrayDeque<>();
    private final AtomicInteger counted = new AtomicInteger();
    private final int limit;

    WaitingLine(int limit) {
        this.limit = limit;
    }

    /** Queues a submission (its first sequence, carrying the others), or throws {@code refusal} when the line is full. */
    void submit(Sequence first, Supplier<QueueFullException> refusal) {
        if (counted.incrementAndGet() > limit) {
            counted.decrementAndGet();
            throw refusal.get();
        }
        first.queued = true;
        arrivals.add(first);
    }

    /** Submissions waiting for admission. */
    int waiting() {
        return counted.get();
    }

    /** Puts what arrived since the last step at the end of the line. */
    void takeArrivals() {
        arrivals.drainTo(line);
    }

    /** Waits for a submission (the scheduler has nothing else to do). */
    void awaitArrival() throws InterruptedException {
        line.add(arrivals.take());
    }

    /** Waits at most {@code millis} for a submission. */
    void awaitArrival(long millis) throws InterruptedException {
        Sequence arrived = arrivals.poll(millis, TimeUnit.MILLISECONDS);
        if (arrived != null) {
            line.add(arrived);
        }
    }

    boolean isEmpty() {
        return line.isEmpty();
    }

    Sequence first() {
        return line.peekFirst();
    }

    /** The first in line leaves it for the batch. */
    Sequence admitFirst() {
        Sequence first = line.pollFirst();
        leave(first);
        return first;
    }

    /** A sequence that ended before admission stops counting against the limit. */
    void leave(Sequence sequence) {
        if (sequence.queued) {
            counted.decrementAndGet();
            sequence.queued = false;
        }
    }

    /** A preempted sequence waits at the front: it was admitted before everyone in line. */
    void returnToFront(Sequence sequence) {
        line.addFirst(sequence);
    }

    /** Replaces every sequence in line, in order, by what {@code each} returns for it (null: it leaves the line). */
    void replaceAll(UnaryOperator<Sequence> each) {
        List<Sequence> kept = new ArrayList<>();
        for (Sequence sequence : line) {
            Sequence next = each.apply(sequence);
            if (next != null) {
                kept.add(next);
            }
        }
        line.clear();
        line.addAll(kept);
    }

    /** Empties the line, arrivals included, and returns what was in it. */
    List<Sequence> drain() {
        takeArrivals();
        List<Sequence> all = new ArrayList<>(line);
        line.clear();
        all.forEach(this::leave);
        return all;
    }
}
