package dev.llmsuite.usage.outbox;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only write-ahead log in segment files ({@code 00000000000000000042.seg}) with one reader that
 * acknowledges what it has shipped. Whole segments are deleted once everything in them is acknowledged; the
 * acknowledged position is also kept in a small checkpoint file, so that a restart resumes there (it is not
 * fsynced: after a power loss the reader may ship a few records again, which the consumer deduplicates).
 *
 * <p>Durability ({@code fsyncInterval}): with 0, {@link #append} returns only once an fsync covers the record.
 * Appenders that arrive while an fsync runs wait for the next one, which then covers them all (group commit),
 * so an fsync costs each request at most about two fsync times, however many requests there are. With an
 * interval, {@link #append} returns after the write: the record survives the process being killed (it is
 * in the operating system's cache) and a background fsync bounds what a machine crash can take.
 *
 * <p>Recovery checks every record's checksum and cuts a segment at the first record that is torn or
 * corrupt, so a crash in the middle of a write costs only that record, whose response never completed.
 */
public final class SegmentLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SegmentLog.class);
    private static final int READ_CHUNK = 256 * 1024;

    private final Path dir;
    private final SegmentFolder folder;
    private final long segmentBytes;
    private final Duration fsyncInterval;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition appendedSignal = writeLock.newCondition();
    private final Object syncLock = new Object();
    /** Valid bytes of every segment on disk, by sequence number; the last one is the active segment. */
    private final TreeMap<Long, Long> sizes = new TreeMap<>();
    private final AtomicLong pendingRecords = new AtomicLong();
    private FileChannel active;
    private volatile LogPosition written;
    private volatile LogPosition durable;
    private volatile LogPosition acknowledged;

    private long readSegment = -1;
    private FileChannel reader;
    private final Thread syncer;
    private volatile boolean open = true;

    public SegmentLog(Path dir, long segmentBytes, Duration fsyncInterval) throws IOException {
        this.dir = dir;
        this.folder = new SegmentFolder(dir);
        this.segmentBytes = segmentBytes;
        this.fsyncInterval = fsyncInterval;
        Files.createDirectories(dir);
        recover();
        this.syncer = fsyncInterval.isZero() ? null
                : Thread.ofPlatform().daemon().name("outbox-fsync").start(this::syncPeriodically);
    }

    /**
     * Appends one record and returns once it is as durable as the fsync policy says.
     *
     * @return the position just past the record
     */
    public LogPosition append(byte[] key, byte[] value) throws IOException {
        ByteBuffer record = RecordFormat.encode(key, value);
        LogPosition end;
        writeLock.lock();
        try {
            ensureOpen();
            long size = sizes.lastEntry().getValue();
            if (size > 0 && size + record.remaining() > segmentBytes) {
                roll();
                size = 0;
            }
            long seq = sizes.lastKey();
            int length = record.remaining();
            while (record.hasRemaining()) {
                active.write(record);
            }
            sizes.put(seq, size + length);
            end = new LogPosition(seq, size + length);
            written = end;
            pendingRecords.incrementAndGet();
            appendedSignal.signalAll();
        } finally {
            writeLock.unlock();
        }
        if (fsyncInterval.isZero()) {
            syncThrough(end);
        }
        return end;
    }

    /** Starts a new segment; the finished one is made durable first, so {@link #durable} only ever concerns the active one. */
    private void roll() throws IOException {
        active.force(false);
        active.close();
        long next = sizes.lastKey() + 1;
        active = FileChannel.open(folder.segment(next), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        sizes.put(next, 0L);
    }

    /** One fsync covering {@code end}, unless one already did: the waiters of a round share the next fsync. */
    private void syncThrough(LogPosition end) throws IOException {
        synchronized (syncLock) {
            if (durable != null && !end.isAfter(durable)) {
                return;
            }
            FileChannel channel;
            LogPosition target;
            writeLock.lock();
            try {
                channel = active;
                target = written;
            } finally {
                writeLock.unlock();
            }
            try {
                channel.force(false);
            } catch (ClosedChannelException rolledMeanwhile) {
                // roll() forced that segment before closing it; the close happened after our snapshot.
            }
            durable = target;
        }
    }

    private void syncPeriodically() {
        while (open) {
            try {
                Thread.sleep(fsyncInterval);
                LogPosition end = written;
                if (end != null) {
                    syncThrough(end);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.error("Outbox fsync failed", e);
            }
        }
    }

    /**
     * Reads up to {@code max} records after {@code from}, without waiting.
     *
     * @param from an acknowledged position or the end of a record read before
     */
    public synchronized List<LogRecord> read(LogPosition from, int max) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        long seq = from.segment();
        long offset = from.offset();
        while (records.size() < max) {
            LogPosition end = written;
            long limit = endOf(seq, end);
            if (limit < 0) {
                break;
            }
            if (offset >= limit) {
                if (seq >= end.segment()) {
                    break;
                }
                seq++;
                offset = 0;
                continue;
            }
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(READ_CHUNK, limit - offset));
            FileChannel channel = readerFor(seq);
            while (chunk.hasRemaining() && channel.read(chunk, offset + chunk.position()) >= 0) {
                // a positional read may return fewer bytes than asked
            }
            chunk.flip();
            while (records.size() < max) {
                RecordFormat.Decoded decoded = RecordFormat.decode(chunk);
                if (decoded == null) {
                    if (chunk.position() == 0) {
                        throw new IOException("outbox record at " + seq + ":" + offset + " is larger than " + READ_CHUNK + " bytes");
                    }
                    break;
                }
                if (decoded.corrupt()) {
                    throw new IOException("corrupt outbox record at " + seq + ":" + (offset + chunk.position()));
                }
                records.add(new LogRecord(new LogPosition(seq, offset + chunk.position()), decoded.key(), decoded.value()));
            }
            offset += chunk.position();
        }
        return records;
    }

    /** The readable end of segment {@code seq}, -1 when it does not exist (any more). */
    private long endOf(long seq, LogPosition end) {
        if (end != null && seq == end.segment()) {
            return end.offset();
        }
        writeLock.lock();
        try {
            Long size = sizes.get(seq);
            return size == null ? -1 : size;
        } finally {
            writeLock.unlock();
        }
    }

    private FileChannel readerFor(long seq) throws IOException {
        if (readSegment != seq) {
            if (reader != null) {
                reader.close();
            }
            reader = FileChannel.open(folder.segment(seq), StandardOpenOption.READ);
            readSegment = seq;
        }
        return reader;
    }

    /** Waits up to {@code timeout} for a record after {@code position}; returns whether there is one. */
    public boolean awaitRecordsAfter(LogPosition position, Duration timeout) throws InterruptedException {
        writeLock.lock();
        try {
            long nanos = timeout.toNanos();
            while (open && (written == null || !written.isAfter(position)) && nanos > 0) {
                nanos = appendedSignal.awaitNanos(nanos);
            }
            return written != null && written.isAfter(position);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Everything before {@code upTo} has been shipped: fully shipped segments are deleted and the checkpoint
     * moves there.
     *
     * @param records how many records that acknowledges beyond the previous position
     */
    public void acknowledge(LogPosition upTo, long records) throws IOException {
        List<Long> done = new ArrayList<>();
        writeLock.lock();
        try {
            LogPosition position = upTo;
            while (position.segment() < sizes.lastKey() && position.offset() >= sizes.getOrDefault(position.segment(), 0L)) {
                position = new LogPosition(position.segment() + 1, 0);
            }
            acknowledged = position;
            pendingRecords.addAndGet(-records);
            for (Map.Entry<Long, Long> entry : sizes.headMap(position.segment()).entrySet()) {
                done.add(entry.getKey());
            }
            done.forEach(sizes::remove);
        } finally {
            writeLock.unlock();
        }
        for (long seq : done) {
            Files.deleteIfExists(folder.segment(seq));
        }
        folder.writeCheckpoint(acknowledged);
    }

    public LogPosition acknowledged() {
        return acknowledged;
    }

    /** Bytes written but not yet acknowledged: what the disk budget limits. */
    public long pendingBytes() {
        writeLock.lock();
        try {
            long total = 0;
            for (Map.Entry<Long, Long> entry : sizes.tailMap(acknowledged.segment()).entrySet()) {
                total += entry.getValue();
            }
            return total - acknowledged.offset();
        } finally {
            writeLock.unlock();
        }
    }

    public long pendingRecords() {
        return pendingRecords.get();
    }

    public Path dir() {
        return dir;
    }

    /** Closes the files. Nothing is lost: what is unacknowledged is read again by the next log opened here. */
    @Override
    public void close() throws IOException {
        open = false;
        if (syncer != null) {
            syncer.interrupt();
        }
        writeLock.lock();
        try {
            appendedSignal.signalAll();
            if (active.isOpen()) {
                active.force(false);
                active.close();
            }
        } finally {
            writeLock.unlock();
        }
        synchronized (this) {
            if (reader != null) {
                reader.close();
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (!open) {
            throw new IOException("the outbox in " + dir + " is closed");
        }
    }


    // ---- recovery ----

    private void recover() throws IOException {
        List<Long> found = folder.sequences();
        LogPosition checkpoint = folder.readCheckpoint();
        long first = found.isEmpty() ? 0 : found.getFirst();
        if (checkpoint == null || checkpoint.segment() < first) {
            checkpoint = new LogPosition(first, 0);
        }
        for (long seq : found) {
            if (seq < checkpoint.segment()) {
                Files.deleteIfExists(folder.segment(seq));
                continue;
            }
            SegmentFolder.Scan scan = folder.scan(seq, seq == checkpoint.segment() ? checkpoint.offset() : 0);
            sizes.put(seq, scan.validBytes());
            pendingRecords.addAndGet(scan.pendingRecords());
        }
        if (sizes.isEmpty()) {
            sizes.put(checkpoint.segment(), 0L);
            Files.deleteIfExists(folder.segment(checkpoint.segment()));
            Files.createFile(folder.segment(checkpoint.segment()));
        }
        long last = sizes.lastKey();
        long checkpointOffset = Math.min(checkpoint.offset(), sizes.get(checkpoint.segment()));
        acknowledged = new LogPosition(checkpoint.segment(), checkpointOffset);
        active = FileChannel.open(folder.segment(last), StandardOpenOption.WRITE);
        active.position(sizes.get(last));
        written = new LogPosition(last, sizes.get(last));
        durable = written;
        if (pendingRecords.get() > 0) {
            LOG.infof("Outbox %s holds %d unsent usage event(s) from before the restart; sending them", dir, pendingRecords.get());
        }
    }



}
