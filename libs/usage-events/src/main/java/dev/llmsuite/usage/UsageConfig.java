package dev.llmsuite.usage;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code llmsuite.usage.*}: the usage topic and the outbox that holds events until Kafka has them. */
@ConfigMapping(prefix = "llmsuite.usage")
public interface UsageConfig {

    @WithDefault(UsageEvent.TOPIC)
    String topic();

    Outbox outbox();

    interface Outbox {
        /**
         * The folder of the write-ahead log; a volume that outlives the process (in containers
         * {@code /var/lib/llmsuite/outbox}). Unset: a fresh temporary folder, for tests only, since events
         * in it do not survive a restart.
         */
        Optional<Path> dir();

        /** The disk budget: past this many unsent bytes new requests get 503 until Kafka catches up. */
        @WithDefault("256M")
        MemorySize maxBytes();

        /** Size at which the log starts a new segment file; sent segments are deleted whole. */
        @WithDefault("8M")
        MemorySize segmentBytes();

        /**
         * 0: every response waits for an fsync that covers its event (concurrent requests share one, group
         * commit). Above 0: responses wait only for the write, and a background fsync runs this often.
         */
        @WithDefault("0s")
        Duration fsyncInterval();

        /** The Retry-After of a 503 answered while the outbox is over its budget. */
        @WithDefault("10s")
        Duration retryAfter();
    }
}
