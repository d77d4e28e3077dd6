package dev.llmsuite.generation.scheduling;

import dev.llmsuite.openai.OpenAiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Capacity, a bounded line, and 429 with Retry-After beyond it, with real threads. */
class GenerationSlotsTest {

    @Test
    void beyondCapacityAndQueueTheAnswerIs429WithRetryAfter() throws Exception {
        GenerationSlots slots = new GenerationSlots(1, 1, Duration.ofSeconds(10));
        GenerationSlots.Slot running = slots.acquire();
        CompletableFuture<GenerationSlots.Slot> queued = CompletableFuture.supplyAsync(slots::acquire);
        while (slots.queueDepth() < 1) {
            Thread.onSpinWait();
        }
        OpenAiException rejected = assertThrows(OpenAiException.class, slots::acquire);
        assertEquals(429, rejected.status());
        assertEquals("rate_limit_exceeded", rejected.code());
        assertFalse(rejected.retryAfterSeconds() == null || rejected.retryAfterSeconds() < 1);

        running.close();
        GenerationSlots.Slot next = queued.get(5, TimeUnit.SECONDS);
        assertEquals(0, slots.queueDepth());
        assertEquals(1, slots.inUse());
        next.close();
        next.close();
        assertEquals(0, slots.inUse());
    }

    @Test
    void aQueuedRequestGivesUpAfterTheTimeout() {
        GenerationSlots slots = new GenerationSlots(1, 4, Duration.ofMillis(200));
        try (GenerationSlots.Slot ignored = slots.acquire()) {
            OpenAiException timedOut = assertThrows(OpenAiException.class, slots::acquire);
            assertEquals(429, timedOut.status());
            assertEquals(0, slots.queueDepth());
        }
    }
}
