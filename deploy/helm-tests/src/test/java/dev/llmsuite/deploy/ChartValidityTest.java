package dev.llmsuite.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every value set renders objects a cluster with the restricted Pod Security Standard admits. */
class ChartValidityTest {

    private static final List<String> STANDARD_LABELS = List.of("helm.sh/chart", "app.kubernetes.io/name",
            "app.kubernetes.io/instance", "app.kubernetes.io/version", "app.kubernetes.io/managed-by");

    @Test
    void lintStrictPasses() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults.yaml", "external-secured-kafka.yaml", "external-postgresql-tls.yaml", "existing-secrets.yaml", "hpa-on.yaml"})
    void everyObjectMatchesItsTypedSchemaWithoutUnknownFields(String values) {
        RenderedChart chart = RenderedChart.render(values);
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : chart.objects()) {
            String name = object.getKind() + "/" + object.getMetadata().getName();
            if (object instanceof GenericKubernetesResource) {
                problems.add(name + ": no typed model for " + object.getApiVersion());
            }
            UnknownFields.in(object).forEach(unknown -> problems.add(name + ": unknown field " + unknown));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults.yaml", "external-secured-kafka.yaml", "external-postgresql-tls.yaml", "existing-secrets.yaml", "hpa-on.yaml"})
    void everyPodMeetsTheRestrictedPodSecurityStandard(String values) {
        List<String> problems = new ArrayList<>();
        RenderedChart.render(values).podSpecs().forEach((name, pod) -> {
            RestrictedPodSecurity.violations(pod).forEach(v -> problems.add(name + ": " + v));
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                problems.add(name + ": mounts a service-account token");
            }
        });
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults.yaml", "hpa-on.yaml"})
    void suiteContainersRunOnAReadOnlyRootWithAWritableTmp(String values) {
        for (Deployment deployment : RenderedChart.render(values).all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Volume tmp = pod.getVolumes().stream().filter(v -> v.getName().equals("tmp")).findFirst().orElseThrow();
            assertNotNull(tmp.getEmptyDir().getSizeLimit(), "the /tmp emptyDir has a size limit");
            assertNotNull(pod.getSecurityContext().getFsGroup(), "fsGroup makes mounted volumes writable for the user");
            for (Container container : pod.getContainers()) {
                assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(), container.getName());
                assertTrue(container.getVolumeMounts().stream().map(VolumeMount::getMountPath).anyMatch("/tmp"::equals), container.getName());
            }
        }
    }

    @Test
    void everyObjectCarriesTheStandardLabels() {
        for (HasMetadata object : RenderedChart.render("hpa-on.yaml").objects()) {
            Map<String, String> labels = object.getMetadata().getLabels();
            for (String label : STANDARD_LABELS) {
                assertTrue(labels.containsKey(label), object.getKind() + "/" + object.getMetadata().getName() + " lacks " + label);
            }
            assertEquals(RenderedChart.RELEASE, labels.get("app.kubernetes.io/instance"));
            assertTrue(object.getMetadata().getName().startsWith(RenderedChart.RELEASE + "-"), "named from the release: " + object.getMetadata().getName());
        }
    }

    @Test
    void suiteServicesProbeStartupLivenessAndReadinessAndDrainStreamsOnShutdown() {
        for (Deployment deployment : RenderedChart.render("defaults.yaml").all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().getFirst();
            String name = deployment.getMetadata().getName();
            assertEquals("/q/health/started", container.getStartupProbe().getHttpGet().getPath(), name);
            assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath(), name);
            assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath(), name);
            assertNotNull(container.getLifecycle().getPreStop().getExec(), name);
            assertNotNull(container.getResources().getRequests().get("memory"), name);
            assertNotNull(container.getResources().getLimits().get("memory"), name);
            long shutdownSeconds = Long.parseLong(container.getEnv().stream()
                    .filter(e -> e.getName().equals("QUARKUS_SHUTDOWN_TIMEOUT")).findFirst().orElseThrow().getValue().replace("s", ""));
            assertTrue(pod.getTerminationGracePeriodSeconds() > shutdownSeconds + 15,
                    name + ": the grace period covers the preStop pause and the drain of open streams");
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertTrue(annotations.containsKey("checksum/config") && annotations.containsKey("checksum/secrets"), name);
        }
    }
}
