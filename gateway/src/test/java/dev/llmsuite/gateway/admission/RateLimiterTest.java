package dev.llmsuite.gateway.admission;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private final AtomicLong clock = new AtomicLong(1_000);

    @Test
    void requestsPerMinuteAdmitTheLimitThenRefuseUntilRefilled() {
        RateLimiter limiter = new RateLimiter(3, 0, clock::get);
        for (int i = 0; i < 3; i++) {
            RateLimiter.Decision decision = limiter.admit("acme", 0);
            assertTrue(decision.admitted());
            assertEquals(2 - i, decision.quotas().getFirst().remaining());
        }
        RateLimiter.Decision refused = limiter.admit("acme", 0);
        assertFalse(refused.admitted());
        assertEquals("requests", refused.refusedBy());
        assertEquals(Duration.ofSeconds(20).toNanos(), refused.retryAfterNanos(), "3 per minute: one every 20 s");
        assertEquals(Duration.ofMinutes(1).toNanos(), refused.quotas().getFirst().resetNanos());
        assertTrue(limiter.admit("other", 0).admitted(), "each tenant has its own limits");
        clock.addAndGet(Duration.ofSeconds(21).toNanos());
        assertTrue(limiter.admit("acme", 0).admitted(), "one request more after 20 s");
        assertFalse(limiter.admit("acme", 0).admitted());
    }

    @Test
    void tokensPerMinuteCountEstimatesAndARefusedRequestTakesNothing() {
        RateLimiter limiter = new RateLimiter(0, 1000, clock::get);
        assertTrue(limiter.admit("acme", 600).admitted());
        RateLimiter.Decision refused = limiter.admit("acme", 600);
        assertFalse(refused.admitted());
        assertEquals("tokens", refused.refusedBy());
        assertEquals(400, refused.quotas().getFirst().remaining());
        assertEquals(Duration.ofSeconds(12).toNanos(), refused.retryAfterNanos(), "200 more tokens at 1000 per minute");
        assertTrue(limiter.admit("acme", 400).admitted());
        assertEquals(1, limiter.admit("acme", 1).quotas().size(), "only the limits that are set are reported");
    }

    @Test
    void aRequestLargerThanTheWholeLimitCanNeverPass() {
        RateLimiter.Decision decision = new RateLimiter(0, 1000, clock::get).admit("acme", 1001);
        assertFalse(decision.admitted());
        assertEquals(-1, decision.retryAfterNanos());
    }

    @Test
    void bothLimitsMustHoldRoom() {
        RateLimiter limiter = new RateLimiter(10, 100, clock::get);
        assertFalse(limiter.admit("acme", 101).admitted());
        RateLimiter.Decision next = limiter.admit("acme", 100);
        assertTrue(next.admitted());
        assertEquals(9, next.quotas().get(0).remaining(), "the refused request took no request either");
        assertEquals(0, next.quotas().get(1).remaining());
    }

    @Test
    void resetTimesAreWrittenAsOpenAiWritesThem() {
        assertEquals("250ms", RateLimitHeaders.duration(Duration.ofMillis(250).toNanos()));
        assertEquals("1.5s", RateLimitHeaders.duration(Duration.ofMillis(1500).toNanos()));
        assertEquals("6m0s", RateLimitHeaders.duration(Duration.ofMinutes(6).toNanos()));
        assertEquals("1m0.001s", RateLimitHeaders.duration(Duration.ofMillis(60_001).toNanos()));
        assertEquals(1, RateLimitHeaders.retryAfterSeconds(1));
        assertEquals(20, RateLimitHeaders.retryAfterSeconds(Duration.ofSeconds(20).toNanos()));
    }
}
