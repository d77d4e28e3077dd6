package dev.llmsuite.gateway.proxy;

import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Watches a streamed answer for silence: when nothing has arrived for the whole limit, {@code onSilence}
 * runs once. One timer per answer, re-armed only when it fires, so a fast stream costs no timer churn.
 */
final class Silence {

    private final Vertx vertx;
    private final long limitNanos;
    private final Runnable onSilence;
    private volatile long lastHeard = System.nanoTime();
    private volatile boolean stopped;
    private long timer;

    Silence(Vertx vertx, Duration limit, Runnable onSilence) {
        this.vertx = vertx;
        this.limitNanos = limit.toNanos();
        this.onSilence = onSilence;
        arm(limitNanos);
    }

    void heard() {
        lastHeard = System.nanoTime();
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    private void arm(long nanos) {
        timer = vertx.setTimer(Math.max(1, nanos / 1_000_000), fired -> {
            if (stopped) {
                return;
            }
            long silent = System.nanoTime() - lastHeard;
            if (silent >= limitNanos) {
                stopped = true;
                onSilence.run();
            } else {
                arm(limitNanos - silent);
            }
        });
    }
}
