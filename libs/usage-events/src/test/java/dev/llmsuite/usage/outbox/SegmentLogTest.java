package dev.llmsuite.usage.outbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write-ahead log on its own: records come back in order, survive reopening, and go once acknowledged. */
class SegmentLogTest {

    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderAcrossSegments() throws IOException {
        try (SegmentLog log = new SegmentLog(dir, 1_000, Duration.ZERO)) {
            List<String> written = appendNumbered(log, 0, 100);
            assertTrue(segments().size() > 3, "100 records of ~40 bytes span several 1000-byte segments");
            assertEquals(written, values(readAll(log, log.acknowledged())));
            assertEquals(100, log.pendingRecords());
        }
    }

    @Test
    void acknowledgedSegmentsAreDeletedAndTheRestSurvivesReopening() throws IOException {
        List<String> written;
        try (SegmentLog log = new SegmentLog(dir, 1_000, Duration.ZERO)) {
            written = appendNumbered(log, 0, 100);
            List<LogRecord> records = readAll(log, log.acknowledged());
            int before = segments().size();
            log.acknowledge(records.get(59).end(), 60);
            assertTrue(segments().size() < before, "fully acknowledged segments are deleted");
            assertEquals(40, log.pendingRecords());
        }
        try (SegmentLog reopened = new SegmentLog(dir, 1_000, Duration.ZERO)) {
            assertEquals(40, reopened.pendingRecords());
            assertEquals(written.subList(60, 100), values(readAll(reopened, reopened.acknowledged())));
            List<String> more = appendNumbered(reopened, 100, 10);
            List<String> expected = new ArrayList<>(written.subList(60, 100));
            expected.addAll(more);
            assertEquals(expected, values(readAll(reopened, reopened.acknowledged())));
        }
    }

    @Test
    void aRecordTornByACrashIsCutOffAndTheLogGoesOn() throws IOException {
        List<String> written;
        try (SegmentLog log = new SegmentLog(dir, 1 << 20, Duration.ZERO)) {
            written = appendNumbered(log, 0, 5);
        }
        Path segment = segments().getLast();
        long intact = Files.size(segment);
        // What a crash during a write leaves: a header promising 200 bytes, and only part of them.
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.allocate(30).putInt(200).putInt(12345).position(30).flip());
        }
        try (SegmentLog reopened = new SegmentLog(dir, 1 << 20, Duration.ZERO)) {
            assertEquals(intact, Files.size(segment), "the torn record is cut");
            assertEquals(5, reopened.pendingRecords());
            List<String> expected = new ArrayList<>(written);
            expected.addAll(appendNumbered(reopened, 5, 1));
            assertEquals(expected, values(readAll(reopened, reopened.acknowledged())));
        }
    }

    @Test
    void pendingBytesFallToZeroOnceEverythingIsAcknowledged() throws IOException {
        try (SegmentLog log = new SegmentLog(dir, 500, Duration.ofMillis(5))) {
            appendNumbered(log, 0, 50);
            assertTrue(log.pendingBytes() > 50 * 8, "each record takes at least its header");
            List<LogRecord> records = readAll(log, log.acknowledged());
            log.acknowledge(records.getLast().end(), records.size());
            assertEquals(0, log.pendingBytes());
            assertEquals(0, log.pendingRecords());
            assertEquals(List.of(), readAll(log, log.acknowledged()));
        }
    }

    private static List<String> appendNumbered(SegmentLog log, int from, int count) throws IOException {
        List<String> values = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String value = "{\"event\":" + i + ",\"padding\":\"xxxxxxxxxx\"}";
            log.append(("tenant-" + (i % 3)).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
            values.add(value);
        }
        return values;
    }

    private static List<LogRecord> readAll(SegmentLog log, LogPosition from) throws IOException {
        List<LogRecord> all = new ArrayList<>();
        LogPosition cursor = from;
        List<LogRecord> batch;
        while (!(batch = log.read(cursor, 7)).isEmpty()) {
            all.addAll(batch);
            cursor = batch.getLast().end();
        }
        return all;
    }

    private static List<String> values(List<LogRecord> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }
}
