package dev.llmsuite.tenancy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

    @Test
    void mapsAKeyToItsTenantThroughItsHash() {
        ApiKeys keys = ApiKeys.parse(List.of("acme:" + ApiKeys.sha256("sk-acme-1"), "# comment", "", "globex:" + ApiKeys.sha256("sk-globex")));
        assertEquals(Optional.of("acme"), keys.tenantOf("sk-acme-1"));
        assertEquals(Optional.of("globex"), keys.tenantOf("sk-globex"));
        assertTrue(keys.tenantOf("sk-acme-2").isEmpty());
        assertTrue(keys.tenantOf(ApiKeys.sha256("sk-acme-1")).isEmpty(), "the stored hash itself is not a key");
    }

    @Test
    void hashIsSha256OfTheUtf8Key() {
        // NIST's published SHA-256 test vector for "abc".
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.sha256("abc"));
    }

    @Test
    void rejectsMalformedEntriesWithoutEchoingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse(List.of("sk-plaintext-key")));
        assertTrue(!e.getMessage().contains("sk-plaintext-key"), "a malformed entry may be a pasted key: never echo it");
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse(List.of("acme:notahash")));
    }
}
