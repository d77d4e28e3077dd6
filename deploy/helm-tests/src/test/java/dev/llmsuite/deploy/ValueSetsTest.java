package dev.llmsuite.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each documented value set turns into. */
class ValueSetsTest {

    private static final String PREFIX = RenderedChart.RELEASE + "-llm-suite-";

    @Test
    void securedExternalKafkaGetsTheClientPropertiesFileTrustStoreAndTopicSettings() {
        RenderedChart chart = RenderedChart.render("external-secured-kafka.yaml");
        Map<String, String> settings = chart.settings();
        assertEquals("b-1.kafka.example.internal:9096,b-2.kafka.example.internal:9096", settings.get("LLMSUITE_KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("/etc/llmsuite/kafka/client.properties", settings.get("LLMSUITE_KAFKA_CLIENT_CONFIG_FILE"));
        assertEquals("12", settings.get("LLMSUITE_KAFKA_TOPICS_PARTITIONS"));
        assertEquals("3", settings.get("LLMSUITE_KAFKA_TOPICS_REPLICATION_FACTOR"));
        assertEquals("14d", settings.get("LLMSUITE_KAFKA_TOPICS_RETENTION"));
        assertFalse(chart.has(StatefulSet.class, PREFIX + "kafka"), "no bundled broker");
        for (String service : List.of("embedding", "generation", "pricing")) {
            PodSpec pod = chart.deployment(service).getSpec().getTemplate().getSpec();
            assertEquals("kafka-client-scram", volume(pod, "kafka-client").getSecret().getSecretName());
            assertEquals("kafka-truststore", volume(pod, "kafka-tls").getSecret().getSecretName());
            assertEquals("/etc/llmsuite/kafka", mountPath(pod.getContainers().getFirst(), "kafka-client"));
            assertEquals("/etc/llmsuite/kafka/tls", mountPath(pod.getContainers().getFirst(), "kafka-tls"));
            Volume outbox = volume(pod, "outbox");
            assertEquals("fast-ssd", outbox.getEphemeral().getVolumeClaimTemplate().getSpec().getStorageClassName());
            assertEquals("/var/lib/llmsuite/outbox", mountPath(pod.getContainers().getFirst(), "outbox"));
        }
        PodSpec tokenizer = chart.deployment("tokenizer").getSpec().getTemplate().getSpec();
        assertTrue(tokenizer.getVolumes().stream().noneMatch(v -> v.getName().startsWith("kafka")), "the tokenizer uses no Kafka");
    }

    @Test
    void kafkaClientPropertiesGivenAsAValueBecomeASecretNotAConfigMap() {
        RenderedChart chart = RenderedChart.render("defaults.yaml",
                Map.of("kafka.clientConfig.properties", "security.protocol=SASL_SSL"));
        Secret secret = chart.named(Secret.class, PREFIX + "kafka-client");
        assertTrue(secret.getData().containsKey("client.properties"));
        assertTrue(chart.settings().values().stream().noneMatch(v -> v.contains("SASL_SSL")));
    }

    @Test
    void externalPostgresqlIsReachedOverVerifiedTlsWithTheCaMounted() {
        RenderedChart chart = RenderedChart.render("external-postgresql-tls.yaml");
        assertEquals("jdbc:postgresql://ledger.postgres.example.internal:5432/ledger?sslmode=verify-full"
                        + "&sslrootcert=/etc/llmsuite/postgresql/ca.crt&connectTimeout=10&ApplicationName=llm-suite",
                chart.settings().get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("ledger_writer", chart.settings().get("QUARKUS_DATASOURCE_USERNAME"));
        PodSpec pricing = chart.deployment("pricing").getSpec().getTemplate().getSpec();
        assertEquals("ledger-postgres-ca", volume(pricing, "postgresql-ca").getSecret().getSecretName());
        assertEquals("/etc/llmsuite/postgresql", mountPath(pricing.getContainers().getFirst(), "postgresql-ca"));
        EnvVar password = env(pricing.getContainers().getFirst(), "QUARKUS_DATASOURCE_PASSWORD").orElseThrow();
        assertNull(password.getValue(), "never in clear");
        assertEquals("ledger-postgres", password.getValueFrom().getSecretKeyRef().getName());
        assertEquals("db-password", password.getValueFrom().getSecretKeyRef().getKey());
        assertFalse(chart.has(StatefulSet.class, PREFIX + "postgresql"));
    }

    @Test
    void existingSecretsReplaceTheChartsOwn() {
        RenderedChart chart = RenderedChart.render("existing-secrets.yaml");
        assertFalse(chart.has(Secret.class, PREFIX + "api-keys"));
        for (Deployment deployment : chart.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertEquals("llm-api-keys", volume(pod, "api-keys").getSecret().getSecretName());
            assertEquals("/etc/llmsuite/keys/keys", chart.settings().get("LLMSUITE_KEYS_FILE"));
            assertEquals("registry-credentials", pod.getImagePullSecrets().getFirst().getName());
        }
        PodSpec generation = chart.deployment("generation").getSpec().getTemplate().getSpec();
        assertEquals("gguf-models", volume(generation, "models").getPersistentVolumeClaim().getClaimName());
        assertTrue(volume(generation, "models").getPersistentVolumeClaim().getReadOnly());
        assertTrue(generation.getInitContainers().isEmpty(), "a filled claim needs no download");
        StatefulSet postgres = chart.named(StatefulSet.class, PREFIX + "postgresql");
        EnvVar password = env(postgres.getSpec().getTemplate().getSpec().getContainers().getFirst(), "POSTGRES_PASSWORD").orElseThrow();
        assertEquals("llm-postgres", password.getValueFrom().getSecretKeyRef().getName());
    }

    @Test
    void noSecretValueAppearsInAnyEnvironmentVariable() {
        for (String values : List.of("defaults.yaml", "external-postgresql-tls.yaml", "existing-secrets.yaml")) {
            RenderedChart chart = RenderedChart.render(values);
            chart.podSpecs().forEach((name, pod) -> pod.getContainers().forEach(container -> container.getEnv().stream()
                    .filter(e -> e.getName().endsWith("PASSWORD") || e.getName().equals("LLMSUITE_AUTH_KEYS") || e.getName().equals("HF_TOKEN"))
                    .forEach(e -> assertNull(e.getValue(), name + " " + e.getName() + " comes from a Secret"))));
        }
    }

    @Test
    void theDefaultModelIsDownloadedByTheImagesOwnPullCommandWithItsChecksumPinned() {
        PodSpec generation = RenderedChart.render("defaults.yaml").deployment("generation").getSpec().getTemplate().getSpec();
        Container pull = generation.getInitContainers().getFirst();
        assertEquals(generation.getContainers().getFirst().getImage(), pull.getImage(), "the service's own image");
        assertEquals("dev.llmsuite.generation.download.PullCommand", pull.getCommand().getLast());
        assertEquals(List.of("--sha256", "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d",
                "ggml-org/models/tinyllamas/stories260K.gguf"), pull.getArgs());
        assertEquals("/models", env(pull, "LLMSUITE_MODEL_DIR").orElseThrow().getValue());
        assertEquals("/models", mountPath(pull, "models"));
        assertEquals("/models", mountPath(generation.getContainers().getFirst(), "models"));
        assertEquals("/models", RenderedChart.render("defaults.yaml").settings().get("LLMSUITE_MODEL_DIR"));
    }

    @Test
    void autoscalingOnScalesOnCpuAndQueueDepthAndLeavesReplicasToTheAutoscaler() {
        RenderedChart chart = RenderedChart.render("hpa-on.yaml");
        HorizontalPodAutoscaler hpa = chart.named(HorizontalPodAutoscaler.class, PREFIX + "generation");
        assertEquals(PREFIX + "generation", hpa.getSpec().getScaleTargetRef().getName());
        assertEquals(2, hpa.getSpec().getMinReplicas());
        assertEquals(8, hpa.getSpec().getMaxReplicas());
        assertEquals(List.of("Resource", "Pods"), hpa.getSpec().getMetrics().stream().map(m -> m.getType()).toList());
        assertEquals("llmsuite_generation_queue_depth", hpa.getSpec().getMetrics().get(1).getPods().getMetric().getName());
        assertNull(chart.deployment("generation").getSpec().getReplicas(), "the autoscaler owns the replica count");
        assertFalse(chart.has(HorizontalPodAutoscaler.class, PREFIX + "tokenizer"));
        assertEquals(5, chart.all(ServiceMonitor.class).size());
        assertEquals("kube-prometheus-stack", chart.all(ServiceMonitor.class).getFirst().getMetadata().getLabels().get("release"));
        PodSpec generation = chart.deployment("generation").getSpec().getTemplate().getSpec();
        assertEquals("inference", generation.getTolerations().getFirst().getValue());
        assertEquals("llm", generation.getTopologySpreadConstraints().getFirst().getLabelSelector().getMatchLabels().get("app.kubernetes.io/instance"));
        assertEquals(PREFIX + "models", volume(generation, "models").getPersistentVolumeClaim().getClaimName());
    }

    @Test
    void networkPoliciesLetOnlyTheGatewayReachTheServices() {
        RenderedChart chart = RenderedChart.render("defaults.yaml");
        for (String service : List.of("embedding", "generation", "pricing")) {
            NetworkPolicy policy = chart.named(NetworkPolicy.class, PREFIX + service);
            List<String> callers = policy.getSpec().getIngress().stream().flatMap(rule -> rule.getFrom().stream())
                    .map(peer -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component")).toList();
            assertEquals(List.of("gateway"), callers, service);
        }
        NetworkPolicy tokenizer = chart.named(NetworkPolicy.class, PREFIX + "tokenizer");
        assertEquals(2, tokenizer.getSpec().getIngress().getFirst().getFrom().size(), "the gateway and pricing");
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static String mountPath(Container container, String volume) {
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).map(VolumeMount::getMountPath)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " does not mount " + volume));
    }

    private static Optional<EnvVar> env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }
}
