package dev.llmsuite.gateway.admission;

/**
 * A per-minute limit that refills continuously, as OpenAI's limits do: full, it holds {@code limit}
 * units; each nanosecond adds {@code limit / 60 s} back, up to full. Not thread-safe: {@link RateLimiter}
 * serialises the calls per tenant.
 */
final class TokenBucket {

    private static final double NANOS_PER_MINUTE = 60e9;

    private final long limit;
    private double level;
    private long updatedAt;

    TokenBucket(long limit, long now) {
        this.limit = limit;
        this.level = limit;
        this.updatedAt = now;
    }

    long limit() {
        return limit;
    }

    void refill(long now) {
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            level = Math.min(limit, level + elapsed * (limit / NANOS_PER_MINUTE));
            updatedAt = now;
        }
    }

    boolean holds(long units) {
        return units <= level;
    }

    void take(long units) {
        level -= units;
    }

    long remaining() {
        return (long) Math.floor(Math.max(0, level));
    }

    /** Nanoseconds until {@code units} are available (0 if they are now). */
    long nanosUntil(double units) {
        return units <= level ? 0 : (long) Math.ceil((units - level) * NANOS_PER_MINUTE / limit);
    }

    /** Nanoseconds until the bucket is full again: OpenAI's "reset" time. */
    long nanosUntilFull() {
        return nanosUntil(limit);
    }
}
