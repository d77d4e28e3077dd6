package dev.llmsuite.usage.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client defaults, then bootstrap, then the client file, then the overrides: each later one wins. */
class KafkaClientPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void theFileAndTheOverridesApplyOverTheClientsDefaultsInThatOrder() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                acks=1
                """);
        KafkaClientProperties clients = KafkaClientProperties.load("broker:9092", Optional.of(file),
                Map.of("\"sasl.mechanism\"", "SCRAM-SHA-256", "ssl.endpoint.identification.algorithm", "https"));
        Map<String, Object> producer = clients.over(Map.of("acks", "all", "linger.ms", 5));

        assertEquals("broker:9092", producer.get("bootstrap.servers"));
        assertEquals("SASL_SSL", producer.get("security.protocol"), "from the file");
        assertEquals("SCRAM-SHA-256", producer.get("sasl.mechanism"), "an override beats the file, quoted key or not");
        assertEquals("https", producer.get("ssl.endpoint.identification.algorithm"));
        assertEquals("1", producer.get("acks"), "the file beats the client's default");
        assertEquals(5, producer.get("linger.ms"), "a default nobody changed stays");
    }

    @Test
    void aMissingFileStopsTheServiceWithItsName() {
        Path missing = dir.resolve("absent.properties");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KafkaClientProperties.load("broker:9092", Optional.of(missing), Map.of()));
        assertTrue(e.getMessage().contains("llmsuite.kafka.client-config-file=" + missing), e.getMessage());
    }
}
