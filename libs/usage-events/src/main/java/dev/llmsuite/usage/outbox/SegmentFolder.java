package dev.llmsuite.usage.outbox;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a {@link SegmentLog}: segments named by sequence number, the checkpoint of the acknowledged
 * position, and the check at start-up that cuts a segment at its first torn or corrupt record.
 */
final class SegmentFolder {

    private static final Logger LOG = Logger.getLogger(SegmentFolder.class);
    private static final String SUFFIX = ".seg";
    private static final String CHECKPOINT = "acknowledged";
    private static final int READ_CHUNK = 256 * 1024;

    /** A checked segment: how many bytes hold valid records, and how many of those are not yet acknowledged. */
    record Scan(long validBytes, long pendingRecords) {
    }

    private final Path dir;

    SegmentFolder(Path dir) {
        this.dir = dir;
    }

    Path segment(long seq) {
        return dir.resolve(String.format("%020d%s", seq, SUFFIX));
    }

    /** The sequence numbers of the segments on disk, oldest first. */
    List<Long> sequences() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> Long.parseLong(n.substring(0, n.length() - SUFFIX.length()))).sorted().toList();
        }
    }

    /**
     * Validates a segment record by record and cuts it at the first bad record.
     *
     * @return the valid size and the number of records at or after {@code pendingFrom}
     */
    Scan scan(long seq, long pendingFrom) throws IOException {
        Path file = segment(seq);
        long valid = 0;
        long pending = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            while (valid < size) {
                ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(READ_CHUNK, size - valid));
                while (chunk.hasRemaining() && channel.read(chunk, valid + chunk.position()) >= 0) {
                    // fill the chunk
                }
                chunk.flip();
                int before = chunk.position();
                RecordFormat.Decoded decoded;
                while ((decoded = RecordFormat.decode(chunk)) != null && !decoded.corrupt()) {
                    if (valid + chunk.position() - decoded.size() >= pendingFrom) {
                        pending++;
                    }
                }
                if (chunk.position() == before) {
                    break;
                }
                valid += chunk.position();
                if (decoded != null) {
                    break;
                }
            }
            if (valid < size) {
                LOG.warnf("Outbox segment %s: cut %d byte(s) after offset %d that are no complete record (a write cut short)",
                        file, size - valid, valid);
                channel.truncate(valid);
                channel.force(true);
            }
        }
        return new Scan(valid, pending);
    }

    LogPosition readCheckpoint() {
        Path file = dir.resolve(CHECKPOINT);
        try {
            if (!Files.exists(file)) {
                return null;
            }
            String[] parts = Files.readString(file).strip().split(" ");
            return new LogPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Outbox checkpoint %s unreadable (%s); sending everything in the log again", file, e.toString());
            return null;
        }
    }

    void writeCheckpoint(LogPosition position) throws IOException {
        Path temporary = dir.resolve(CHECKPOINT + ".tmp");
        Files.writeString(temporary, position.segment() + " " + position.offset() + "\n");
        Files.move(temporary, dir.resolve(CHECKPOINT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
