package dev.llmsuite.usage.outbox;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ships the log to Kafka, in order, and acknowledges in the log what the broker has acknowledged.
 *
 * <p>Records are sent as they are read, many in flight at once. The broker's acknowledgements arrive in any
 * order across partitions, so the log's acknowledged position only moves over the unbroken prefix of
 * acknowledged records. When a send fails (broker down, delivery timeout), the sender lets everything in
 * flight settle, goes back to the acknowledged position, pauses and sends from there again: records after
 * the failed one that did arrive are then sent twice, which the ledger's event-id key absorbs.
 */
final class OutboxSender implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    private static final int BATCH = 500;
    private static final int MAX_IN_FLIGHT = 10_000;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    private static final Duration IDLE_WAIT = Duration.ofMillis(200);

    private final SegmentLog log;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Counter published;
    private final Counter failed;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final AtomicBoolean failure = new AtomicBoolean();
    private final Object settled = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private LogPosition cursor;

    /** A record handed to the producer; its outcome is set by the producer's callback thread. */
    private static final class InFlight {
        final LogPosition end;
        volatile boolean done;
        volatile boolean ok;

        InFlight(LogPosition end) {
            this.end = end;
        }
    }

    OutboxSender(SegmentLog log, Producer<byte[], byte[]> producer, String topic, Counter published, Counter failed) {
        this.log = log;
        this.producer = producer;
        this.topic = topic;
        this.published = published;
        this.failed = failed;
        this.cursor = log.acknowledged();
        this.thread = Thread.ofPlatform().daemon().name("usage-outbox-sender").start(this::run);
    }

    private void run() {
        while (running) {
            try {
                step();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "Usage outbox sender failed; retrying from the acknowledged position");
                failure.set(true);
                pause();
            }
        }
    }

    private void step() throws IOException, InterruptedException {
        acknowledgeSettledPrefix();
        if (failure.get()) {
            rewind();
            return;
        }
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            awaitSettlement();
            return;
        }
        List<LogRecord> records = log.read(cursor, BATCH);
        if (records.isEmpty()) {
            if (inFlight.isEmpty()) {
                log.awaitRecordsAfter(cursor, IDLE_WAIT);
            } else {
                awaitSettlement();
            }
            return;
        }
        for (LogRecord record : records) {
            InFlight entry = new InFlight(record.end());
            inFlight.addLast(entry);
            cursor = record.end();
            try {
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (metadata, error) -> settle(entry, error));
            } catch (RuntimeException e) {
                // No metadata within max.block.ms (broker unreachable), or the producer is closing.
                settle(entry, e);
                return;
            }
        }
    }

    private void settle(InFlight entry, Exception error) {
        entry.ok = error == null;
        entry.done = true;
        if (error == null) {
            published.increment();
        } else if (failure.compareAndSet(false, true)) {
            LOG.debugf("Usage event not delivered yet (%s); the outbox keeps it and sends it again", error.toString());
        }
        synchronized (settled) {
            settled.notifyAll();
        }
    }

    /** Moves the log's acknowledged position over the records acknowledged without a gap. */
    private void acknowledgeSettledPrefix() throws IOException {
        LogPosition upTo = null;
        long count = 0;
        while (!inFlight.isEmpty() && inFlight.peekFirst().done && inFlight.peekFirst().ok) {
            upTo = inFlight.pollFirst().end;
            count++;
        }
        if (upTo != null) {
            log.acknowledge(upTo, count);
        }
    }

    /** After a failure: wait for every outstanding callback, keep what arrived in order, then start over from there. */
    private void rewind() throws IOException, InterruptedException {
        while (inFlight.stream().anyMatch(e -> !e.done) && running) {
            awaitSettlement();
        }
        acknowledgeSettledPrefix();
        inFlight.clear();
        cursor = log.acknowledged();
        failed.increment();
        failure.set(false);
        pause();
    }

    private void awaitSettlement() throws InterruptedException {
        synchronized (settled) {
            settled.wait(IDLE_WAIT.toMillis());
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Tries for up to {@code grace} to ship what is pending, then stops. What is still pending stays in the log
     * for the next start.
     */
    void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (log.pendingRecords() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(grace.isZero() ? Duration.ZERO : Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
