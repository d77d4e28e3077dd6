package dev.llmsuite.usage;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageEventJsonTest {

    private static final String VALID = """
            {"schema_version":1,"event_id":"0b0f8a8e-8a56-4a52-9c1e-6f0d1b4c2a11","occurred_at":"2026-11-29T10:15:30.123Z",
             "tenant":"acme","service":"generation-service","model":"stories260K","operation":"chat.completion",
             "prompt_tokens":12,"completion_tokens":30,"latency_ms":250,"time_to_first_token_ms":20,
             "finish_reason":"stop","request_id":"req-1"}""";

    @Test
    void readsTheDocumentedWireFormat() throws Exception {
        UsageEvent event = UsageEventJson.read(VALID.getBytes(StandardCharsets.UTF_8));
        assertEquals("acme", event.tenant());
        assertEquals(12, event.promptTokens());
        assertEquals(30, event.completionTokens());
        assertEquals(20L, event.timeToFirstTokenMs());
        assertEquals("2026-11-29T10:15:30.123Z", event.occurredAt().toString());
    }

    @Test
    void writesSnakeCaseFieldsWithTheSchemaVersion() throws Exception {
        UsageEvent event = UsageEvent.of("acme", "embedding-service", "all-minilm-l6-v2", "embedding", 9, 0, 4, null, null, "r", "req_1");
        String json = new String(UsageEventJson.write(event), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"schema_version\":1,\"event_id\":\""), json);
        assertTrue(json.contains("\"prompt_tokens\":9") && json.contains("\"time_to_first_token_ms\":null"), json);
        assertEquals(event, UsageEventJson.read(UsageEventJson.write(event)));
    }

    /** x_request_id joined schema version 1 later: events without it still read, with it null. */
    @Test
    void theHttpRequestIdIsAnOptionalField() throws Exception {
        assertEquals(null, UsageEventJson.read(VALID.getBytes(StandardCharsets.UTF_8)).xRequestId());
        String withId = VALID.replace("\"request_id\":\"req-1\"", "\"request_id\":\"req-1\",\"x_request_id\":\"client-7\"");
        assertEquals("client-7", UsageEventJson.read(withId.getBytes(StandardCharsets.UTF_8)).xRequestId());
        String json = new String(UsageEventJson.write(UsageEventJson.read(withId.getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8);
        assertTrue(json.endsWith("\"request_id\":\"req-1\",\"x_request_id\":\"client-7\"}"), json);
    }

    @Test
    void rejectsWhatALedgerCannotBill() {
        assertReason("not JSON", "{not json");
        assertReason("tenant is missing", VALID.replace("\"tenant\":\"acme\",", ""));
        assertReason("prompt_tokens is negative", VALID.replace("\"prompt_tokens\":12", "\"prompt_tokens\":-5"));
        assertReason("schema_version must be 1", VALID.replace("\"schema_version\":1", "\"schema_version\":2"));
        assertReason("wrong field type", VALID.replace("\"prompt_tokens\":12", "\"prompt_tokens\":\"many\""));
        assertReason("x_request_id is longer", VALID.replace("\"request_id\":\"req-1\"", "\"x_request_id\":\"" + "r".repeat(257) + "\""));
        assertReason("exceeds", "{\"pad\":\"" + "x".repeat(UsageEventJson.MAX_RECORD_BYTES) + "\"}");
    }

    private static void assertReason(String expected, String json) {
        InvalidUsageEventException e = assertThrows(InvalidUsageEventException.class,
                () -> UsageEventJson.read(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
