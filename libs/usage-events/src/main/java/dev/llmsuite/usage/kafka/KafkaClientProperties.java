package dev.llmsuite.usage.kafka;

import org.apache.kafka.clients.CommonClientConfigs;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The connection properties every Kafka client of a service shares, in the order they apply: the bootstrap
 * servers, then the client configuration file, then the individual overrides. A client adds its own
 * defaults underneath ({@link #over}), so that a user's file can still change any of them.
 */
public final class KafkaClientProperties {

    private final Map<String, Object> shared;

    private KafkaClientProperties(Map<String, Object> shared) {
        this.shared = Map.copyOf(shared);
    }

    public static KafkaClientProperties of(String bootstrapServers) {
        return new KafkaClientProperties(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public static KafkaClientProperties from(KafkaConfig config) {
        return load(config.bootstrapServers(), config.clientConfigFile(), config.client());
    }

    /** @throws IllegalStateException when the file cannot be read: a service must not start without its security settings */
    public static KafkaClientProperties load(String bootstrapServers, Optional<Path> file, Map<String, String> overrides) {
        Map<String, Object> shared = new HashMap<>();
        shared.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (file.isPresent()) {
            Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file.get())) {
                fromFile.load(reader);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the Kafka client configuration file llmsuite.kafka.client-config-file="
                        + file.get() + ": " + e, e);
            }
            fromFile.stringPropertyNames().forEach(name -> shared.put(name, fromFile.getProperty(name).strip()));
        }
        overrides.forEach((name, value) -> shared.put(unquoted(name), value));
        return new KafkaClientProperties(shared);
    }

    /** A quoted map key ({@code "sasl.mechanism"}) arrives with its quotes from some configuration sources. */
    private static String unquoted(String name) {
        return name.length() > 1 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
    }

    /** The client's own defaults, overlaid with the shared connection properties. */
    public Map<String, Object> over(Map<String, Object> clientDefaults) {
        Map<String, Object> merged = new HashMap<>(clientDefaults);
        merged.putAll(shared);
        return merged;
    }

    /** The same as {@link #over}, for clients configured with {@link Properties}. */
    public Properties properties(Map<String, Object> clientDefaults) {
        Properties properties = new Properties();
        properties.putAll(over(clientDefaults));
        return properties;
    }

    public String bootstrapServers() {
        return String.valueOf(shared.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    public Map<String, Object> shared() {
        return shared;
    }
}
