package dev.llmsuite.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key table: SHA-256 hashes of API keys mapped to tenants. Keys themselves are never stored,
 * so a leaked configuration file or log line does not leak a usable key.
 *
 * <p>Entry format, one per line in a keys file or comma-separated in configuration:
 * {@code tenant:sha256hex}. Blank lines and lines starting with {@code #} are ignored.
 */
public final class ApiKeys {

    private final Map<String, String> tenantByHash;

    private ApiKeys(Map<String, String> tenantByHash) {
        this.tenantByHash = Map.copyOf(tenantByHash);
    }

    public static ApiKeys parse(List<String> entries) {
        Map<String, String> byHash = new HashMap<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("API key entry must be 'tenant:sha256hex', got an entry of "
                        + entry.length() + " characters without that shape");
            }
            String tenant = entry.substring(0, colon).strip();
            String hash = entry.substring(colon + 1).strip().toLowerCase(java.util.Locale.ROOT);
            if (hash.length() != 64 || !hash.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("API key hash for tenant '" + tenant + "' must be 64 hex digits (SHA-256)");
            }
            byHash.put(hash, tenant);
        }
        return new ApiKeys(byHash);
    }

    /** The tenant owning this key, if any. */
    public Optional<String> tenantOf(String apiKey) {
        return Optional.ofNullable(tenantByHash.get(sha256(apiKey)));
    }

    public int size() {
        return tenantByHash.size();
    }

    public static String sha256(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
