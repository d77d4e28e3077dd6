package dev.llmsuite.tenancy;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads the configured keys once at start-up and answers which tenant a key belongs to.
 *
 * <p>Configuration ({@code llmsuite.auth.*}): {@code keys}, comma-separated {@code tenant:sha256hex}
 * entries (e.g. from LLMSUITE_AUTH_KEYS); {@code keys-file}, one entry per line (the launcher writes
 * one on first start); {@code admin-tenants}, tenants allowed admin operations (default {@code admin});
 * {@code enabled=false} serves every request as tenant {@code anonymous}, for local experiments only.
 */
@Startup
@ApplicationScoped
public class KeyTable {

    private static final Logger LOG = Logger.getLogger(KeyTable.class);

    private final ApiKeys keys;
    private final List<String> adminTenants;
    private final boolean enabled;

    KeyTable(@ConfigProperty(name = "llmsuite.auth.keys") Optional<List<String>> configuredKeys,
             @ConfigProperty(name = "llmsuite.auth.keys-file") Optional<String> keysFile,
             @ConfigProperty(name = "llmsuite.auth.admin-tenants", defaultValue = "admin") List<String> adminTenants,
             @ConfigProperty(name = "llmsuite.auth.enabled", defaultValue = "true") boolean enabled) {
        this.adminTenants = adminTenants;
        this.enabled = enabled;
        List<String> entries = new ArrayList<>(configuredKeys.orElse(List.of()));
        keysFile.ifPresent(file -> entries.addAll(readKeysFile(Path.of(file))));
        this.keys = ApiKeys.parse(entries);
        if (enabled && keys.size() == 0) {
            LOG.warn("No API keys configured (llmsuite.auth.keys / llmsuite.auth.keys-file): every /v1 request will get 401");
        } else {
            LOG.infof("Loaded %d API key(s)", keys.size());
        }
    }

    private static List<String> readKeysFile(Path file) {
        if (!Files.exists(file)) {
            LOG.warnf("API keys file %s does not exist", file);
            return List.of();
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read API keys file " + file, e);
        }
    }

    public Optional<String> tenantOf(String apiKey) {
        return keys.tenantOf(apiKey);
    }

    boolean isAdmin(String tenant) {
        return adminTenants.contains(tenant);
    }

    public boolean enabled() {
        return enabled;
    }
}
