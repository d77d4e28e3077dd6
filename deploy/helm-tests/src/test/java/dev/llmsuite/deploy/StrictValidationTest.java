package dev.llmsuite.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validation the chart tests rely on catches what a lenient parser would let through. */
class StrictValidationTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              replicas: %s
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                    - name: c
                      image: i
                      %s
            """;

    @Test
    void aMisspeltFieldDeepInAPodIsReported() {
        HasMetadata deployment = RenderedChart.parse(DEPLOYMENT.formatted("1", "sercurityContext: {runAsNonRoot: true}")).getFirst();
        List<String> unknown = UnknownFields.in(deployment);
        assertEquals(1, unknown.size(), unknown.toString());
        assertTrue(unknown.getFirst().contains("containers[0]") && unknown.getFirst().contains("sercurityContext"), unknown.toString());
    }

    @Test
    void aWellFormedDeploymentHasNoUnknownFields() {
        HasMetadata deployment = RenderedChart.parse(DEPLOYMENT.formatted("1", "securityContext: {runAsNonRoot: true}")).getFirst();
        assertEquals(List.of(), UnknownFields.in(deployment));
    }

    @Test
    void aStringWhereTheApiWantsANumberFails() {
        assertThrows(UncheckedIOException.class, () -> RenderedChart.parse(DEPLOYMENT.formatted("\"2\"", "")));
    }

    @Test
    void gatewayApiRoutesAreTypedAndAnUnknownKindIsNot() {
        List<HasMetadata> objects = RenderedChart.parse("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r}
                spec:
                  rules:
                    - backendRefs: [{name: s, port: 80}]
                      timeouts: {request: 600s}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """);
        assertInstanceOf(HTTPRoute.class, objects.get(0));
        assertEquals(List.of(), UnknownFields.in(objects.get(0)));
        assertInstanceOf(GenericKubernetesResource.class, objects.get(1));
    }
}
