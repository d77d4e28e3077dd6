package dev.llmsuite.pricing.health;

import dev.llmsuite.usage.kafka.KafkaClientProperties;
import dev.llmsuite.usage.kafka.KafkaConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the broker answers: without it the ledger falls behind. PostgreSQL is checked by the
 * datasource's own readiness check.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final KafkaClientProperties clients;
    private final String bootstrapServers;
    private final int timeoutMs;
    private Admin admin;

    @Inject
    KafkaReadiness(KafkaConfig kafka) {
        this(KafkaClientProperties.from(kafka), kafka.readinessTimeout());
    }

    KafkaReadiness(KafkaClientProperties clients, Duration timeout) {
        this.clients = clients;
        this.bootstrapServers = clients.bootstrapServers();
        this.timeoutMs = Math.toIntExact(timeout.toMillis());
    }

    @Override
    public HealthCheckResponse call() {
        try {
            String clusterId = admin().describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named("kafka").up()
                    .withData("bootstrap-servers", bootstrapServers).withData("cluster-id", clusterId).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("kafka").down()
                    .withData("bootstrap-servers", bootstrapServers)
                    .withData("reason", "broker unreachable: " + e).build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clients.over(Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs)));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
