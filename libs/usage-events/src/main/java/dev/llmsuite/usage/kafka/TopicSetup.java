package dev.llmsuite.usage.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * Creates every topic the service's {@link RequiredTopics} beans name, once, at start-up
 * ({@code llmsuite.kafka.topics.create}, default on). The broker may be down then: the attempt is repeated in
 * the background until it succeeds, and the service starts meanwhile (its usage events wait in the outbox).
 */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final KafkaConfig config;
    private final List<String> topics;
    private volatile boolean done;
    private volatile boolean stopping;
    private Thread worker;

    TopicSetup(KafkaConfig config, Instance<RequiredTopics> required) {
        this.config = config;
        TreeSet<String> names = new TreeSet<>();
        required.forEach(r -> names.addAll(r.topics()));
        this.topics = List.copyOf(names);
    }

    void start(@Observes StartupEvent event) {
        if (!config.topics().create()) {
            done = true;
            return;
        }
        worker = Thread.ofPlatform().daemon().name("kafka-topic-setup").start(this::createUntilDone);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** True once every required topic exists (or creation is off). */
    public boolean done() {
        return done;
    }

    public List<String> topics() {
        return topics;
    }

    private void createUntilDone() {
        KafkaClientProperties clients = KafkaClientProperties.from(config);
        TopicSettings settings = TopicSettings.from(config.topics());
        while (!stopping) {
            try {
                List<String> created = KafkaTopics.ensure(clients, settings, topics);
                if (!created.isEmpty()) {
                    LOG.infof("Created Kafka topics %s (%d partitions, replication %d, retention %s)", created,
                            settings.partitions(), settings.replicationFactor(), settings.retention());
                }
                done = true;
                return;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warnf("Kafka topics %s not created yet, retrying in %ds: %s", topics, RETRY.toSeconds(), e.toString());
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}
