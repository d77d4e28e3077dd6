package dev.llmsuite.deploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json: a misspelt or mistyped value stops `helm install` instead of being ignored. */
class ValuesSchemaTest {

    /** What `helm install --dry-run=client` does with the chart: render and check, without a cluster. */
    private static InstallCommand dryRunInstall() {
        return new Helm(RenderedChart.CHART).install()
                .withName(RenderedChart.RELEASE)
                .withNamespace(RenderedChart.NAMESPACE)
                .withKubeVersion("1.31.0")
                .clientOnly()
                .withDryRunOption(DryRun.CLIENT)
                .dryRun();
    }

    @ParameterizedTest
    @CsvSource({
        "services.generation.replicaCout, 2, replicaCout",
        "imagee.tag, 1.0.0, imagee",
        "kafka.clientConfig.propertis, security.protocol=SSL, propertis",
        "httpRoute.parentRef.sectionNme, https, sectionNme",
        "services.generation.models.source, s3, source",
        "outbox.volume, hostPath, volume",
        "postgresql.external.sslmode, verify, sslmode",
    })
    void aWrongValueFailsTheInstall(String key, String value, String named) {
        Exception failure = assertThrows(Exception.class, () -> dryRunInstall().set(key, value).call());
        assertTrue(failure.getMessage().contains("values don't meet the specifications of the schema"), failure.getMessage());
        assertTrue(failure.getMessage().contains(named), failure.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"defaults.yaml", "external-secured-kafka.yaml", "external-postgresql-tls.yaml", "existing-secrets.yaml", "hpa-on.yaml"})
    void theDocumentedValueSetsInstall(String values) {
        String output = dryRunInstall().withValuesFile(Path.of("src/test/resources/values", values)).call().getOutput();
        assertTrue(output.contains("STATUS: pending-install"), output);
        assertTrue(output.contains("helm test " + RenderedChart.RELEASE), "NOTES.txt rendered: " + output);
    }
}
