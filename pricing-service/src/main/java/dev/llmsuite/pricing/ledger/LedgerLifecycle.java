package dev.llmsuite.pricing.ledger;

import dev.llmsuite.pricing.PricingConfig;
import dev.llmsuite.usage.UsageConfig;
import dev.llmsuite.usage.kafka.KafkaClientProperties;
import dev.llmsuite.usage.kafka.KafkaConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;

/** Runs the service's {@link LedgerConsumer} from start-up to shutdown and exposes its counters as metrics. */
@ApplicationScoped
public class LedgerLifecycle {

    private final LedgerConsumer consumer;
    private final boolean enabled;

    LedgerLifecycle(PricingConfig pricing,
                    KafkaConfig kafka, UsageConfig usage, DataSource dataSource, MeterRegistry registry) {
        PricingConfig.Ledger ledger = pricing.ledger();
        this.enabled = ledger.enabled();
        this.consumer = new LedgerConsumer(new LedgerSettings(KafkaClientProperties.from(kafka), ledger.groupId(), usage.topic(), ledger.maxPollRecords(), ledger.repriceInterval()), dataSource);
        gauge(registry, "llmsuite_ledger_events_ingested", "usage events written to the ledger", LedgerConsumer::ingested);
        gauge(registry, "llmsuite_ledger_events_duplicate", "redelivered events that changed nothing", LedgerConsumer::duplicates);
        gauge(registry, "llmsuite_ledger_events_dead_lettered", "records sent to the dead-letter topic", LedgerConsumer::deadLettered);
        gauge(registry, "llmsuite_ledger_batches_failed", "batches rolled back and replayed", LedgerConsumer::failedBatches);
        gauge(registry, "llmsuite_ledger_batch_size", "records in the last batch", LedgerConsumer::lastBatchSize);
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            consumer.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        consumer.stop();
    }

    public boolean running() {
        return consumer.isRunning();
    }

    private void gauge(MeterRegistry registry, String name, String help, ToDoubleFunction<LedgerConsumer> value) {
        // Held strongly: Micrometer holds a gauge's source weakly by default, and a collected source drops the gauge.
        Gauge.builder(name, consumer, value).strongReference(true).description(help).register(registry);
    }
}
