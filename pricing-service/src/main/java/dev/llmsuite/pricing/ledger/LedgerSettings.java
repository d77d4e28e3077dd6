package dev.llmsuite.pricing.ledger;

import dev.llmsuite.usage.kafka.KafkaClientProperties;
import java.time.Duration;

/**
 * How the ledger consumer connects.
 *
 * @param kafka           the service's shared Kafka client properties (bootstrap, client file, overrides)
 * @param maxPollRecords  events per batch: one database transaction and one offset commit each
 * @param repriceInterval how often rows left unpriced are retried against the current catalog
 */
public record LedgerSettings(KafkaClientProperties kafka, String groupId, String topic, int maxPollRecords,
                             Duration repriceInterval) {

    /** The largest record the consumer fetches, so an oversized poison record is read and dead-lettered, not stuck. */
    public static final int MAX_FETCH_BYTES = 16 * 1024 * 1024;
}
