package dev.llmsuite.usage.outbox;

/** A place in the log: a segment's sequence number and a byte offset inside that segment. */
public record LogPosition(long segment, long offset) implements Comparable<LogPosition> {

    @Override
    public int compareTo(LogPosition other) {
        int bySegment = Long.compare(segment, other.segment);
        return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
    }

    public boolean isAfter(LogPosition other) {
        return compareTo(other) > 0;
    }
}
