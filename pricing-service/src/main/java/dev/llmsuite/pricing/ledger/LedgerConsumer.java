package dev.llmsuite.pricing.ledger;

import dev.llmsuite.pricing.budgets.BudgetAlert;
import dev.llmsuite.pricing.budgets.BudgetWatch;
import dev.llmsuite.pricing.catalog.CatalogStore;
import dev.llmsuite.pricing.catalog.PriceBook;
import dev.llmsuite.usage.InvalidUsageEventException;
import dev.llmsuite.usage.UsageEventJson;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Turns {@code llm.usage.v1} into ledger rows, exactly once in effect.
 *
 * <p>Each poll is one batch: parse and price every record, insert the valid ones (a redelivered event id
 * inserts nothing), record budget crossings, publish dead letters and alerts and wait for the broker's ack,
 * commit the database, and only then commit the Kafka offsets. A crash anywhere before the offset commit
 * replays the batch, which the event-id key turns into a no-op; a crash after it has nothing left to redo.
 * If the database or broker fails mid-batch, the consumer rewinds to the batch start and tries again.
 *
 * <p>A plain class with {@link #start()} and {@link #stop()}, so tests can stop and restart it at will;
 * {@link LedgerLifecycle} runs one inside the service.
 */
public final class LedgerConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final LedgerSettings settings;
    private final DataSource dataSource;
    private final CatalogStore catalog;

    private final AtomicLong ingested = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong lastBatchSize = new AtomicLong();

    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private Instant lastReprice = Instant.EPOCH;

    public LedgerConsumer(LedgerSettings settings, DataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.catalog = new CatalogStore(dataSource);
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("pricing-ledger").daemon().start(this::run);
    }

    /** Finishes the batch in hand (or abandons it uncommitted) and closes the Kafka clients. */
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    public boolean isRunning() {
        return thread != null;
    }

    public long ingested() {
        return ingested.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public long failedBatches() {
        return failedBatches.get();
    }

    public long lastBatchSize() {
        return lastBatchSize.get();
    }

    /** Reconnects with fresh clients after anything unexpected, so one bad moment never ends ingestion. */
    private void run() {
        while (running) {
            // Serializer instances rather than class names: nothing depends on the thread's context class loader.
            try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
                consumer = kafka;
                kafka.subscribe(List.of(settings.topic()));
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = kafka.poll(POLL);
                    if (!records.isEmpty()) {
                        processOrRewind(kafka, producer, records);
                    }
                    repriceWhenDue();
                }
            } catch (WakeupException stopping) {
                LOG.debug("ledger consumer woken up to stop");
            } catch (RuntimeException e) {
                LOG.error("ledger consumer failed, reconnecting", e);
                pause(RETRY_BACKOFF);
            } finally {
                consumer = null;
            }
        }
    }

    private void processOrRewind(KafkaConsumer<byte[], byte[]> kafka, KafkaProducer<byte[], byte[]> producer,
                                 ConsumerRecords<byte[], byte[]> records) {
        try {
            process(producer, records);
            kafka.commitSync(nextOffsets(records));
        } catch (WakeupException e) {
            throw e;
        } catch (Exception e) {
            failedBatches.incrementAndGet();
            LOG.warnf("ledger batch of %d records not completed, replaying it: %s", records.count(), e.toString());
            for (TopicPartition partition : records.partitions()) {
                kafka.seek(partition, records.records(partition).getFirst().offset());
            }
            pause(RETRY_BACKOFF);
        }
    }

    private void process(KafkaProducer<byte[], byte[]> producer, ConsumerRecords<byte[], byte[]> records)
            throws Exception {
        PriceBook book = catalog.priceBook();
        List<PricedEvent> batch = new ArrayList<>(records.count());
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                batch.add(PricedEvent.price(UsageEventJson.read(record.value()), book));
            } catch (InvalidUsageEventException e) {
                acks.add(sendDeadLetter(producer, record, e.getMessage()));
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<String> insertedTenants = batch.isEmpty() ? List.of() : LedgerStore.insert(connection, batch);
                List<BudgetAlert> alerts = insertedTenants.isEmpty() ? List.of()
                        : BudgetWatch.recordCrossings(connection, new HashSet<>(insertedTenants), Instant.now());
                for (BudgetAlert alert : alerts) {
                    acks.add(producer.send(new ProducerRecord<>(BudgetAlert.TOPIC,
                            alert.tenant().getBytes(StandardCharsets.UTF_8), alert.toJson())));
                }
                awaitAll(acks);
                connection.commit();
                ingested.addAndGet(insertedTenants.size());
                duplicates.addAndGet(batch.size() - insertedTenants.size());
                deadLettered.addAndGet(records.count() - batch.size());
                lastBatchSize.set(records.count());
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private Future<RecordMetadata> sendDeadLetter(KafkaProducer<byte[], byte[]> producer,
                                                  ConsumerRecord<byte[], byte[]> record, String reason) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(DeadLetter.TOPIC, record.key(),
                DeadLetter.of(record, reason).toJson());
        letter.headers().add(DeadLetter.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        return producer.send(letter);
    }

    private static void awaitAll(List<Future<RecordMetadata>> acks) throws InterruptedException, ExecutionException {
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    private void repriceWhenDue() {
        Instant now = Instant.now();
        if (Duration.between(lastReprice, now).compareTo(settings.repriceInterval()) < 0) {
            return;
        }
        lastReprice = now;
        try {
            int priced = Repricer.reprice(dataSource, catalog.priceBook());
            if (priced > 0) {
                LOG.infof("priced %d ledger rows that had no price before", priced);
            }
        } catch (Exception e) {
            LOG.warnf("repricing skipped: %s", e.toString());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            offsets.put(partition, new OffsetAndMetadata(records.records(partition).getLast().offset() + 1));
        }
        return offsets;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Properties consumerProperties() {
        return settings.kafka().properties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(settings.maxPollRecords()),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(LedgerSettings.MAX_FETCH_BYTES),
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(LedgerSettings.MAX_FETCH_BYTES)));
    }

    private Properties producerProperties() {
        return settings.kafka().properties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000"));
    }
}
