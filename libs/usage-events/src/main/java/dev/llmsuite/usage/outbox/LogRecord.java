package dev.llmsuite.usage.outbox;

/** One record read back from the log, with the position just past it (what acknowledging it moves to). */
public record LogRecord(LogPosition end, byte[] key, byte[] value) {
}
