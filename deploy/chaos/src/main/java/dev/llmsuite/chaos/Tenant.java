package dev.llmsuite.chaos;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A tenant of the run and its API key; the services know only the key's hash. */
record Tenant(String id, String key) {

    static Tenant named(String id) {
        return new Tenant(id, "sk-chaos-" + id);
    }

    /** A line of the services' API-key file: {@code tenant:sha256(key)}. */
    String keyFileLine() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return id + ":" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
