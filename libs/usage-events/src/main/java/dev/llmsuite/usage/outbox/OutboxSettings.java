package dev.llmsuite.usage.outbox;

import dev.llmsuite.usage.UsageConfig;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param dir           the log's folder
 * @param maxBytes      unsent bytes beyond which new requests are refused
 * @param segmentBytes  size of one segment file
 * @param fsyncInterval 0: each append waits for an fsync (group commit); otherwise the background fsync period
 * @param retryAfter    what a refused request is told to wait
 */
public record OutboxSettings(Path dir, long maxBytes, long segmentBytes, Duration fsyncInterval, Duration retryAfter) {

    public static OutboxSettings from(UsageConfig.Outbox outbox, Path dir) {
        return new OutboxSettings(dir, outbox.maxBytes().asLongValue(), outbox.segmentBytes().asLongValue(),
                outbox.fsyncInterval(), outbox.retryAfter());
    }
}
