package dev.llmsuite.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/** Reads and writes usage events in their versioned JSON form, validating what consumers rely on. */
public final class UsageEventJson {

    /** Larger records are rejected before parsing: a usage event is a few hundred bytes. */
    public static final int MAX_RECORD_BYTES = 64 * 1024;
    /** Services pass on client ids of at most 128 characters; the ledger stores up to this many. */
    static final int MAX_REQUEST_ID_LENGTH = 256;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private UsageEventJson() {
    }

    public static byte[] write(UsageEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A usage event always serialises", e);
        }
    }

    /**
     * Parses and validates one record. Unknown fields are ignored (newer minor additions);
     * a different {@code schema_version} is rejected.
     */
    public static UsageEvent read(byte[] json) throws InvalidUsageEventException {
        if (json == null || json.length == 0) {
            throw new InvalidUsageEventException("empty record");
        }
        if (json.length > MAX_RECORD_BYTES) {
            throw new InvalidUsageEventException("record of " + json.length + " bytes exceeds " + MAX_RECORD_BYTES);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidUsageEventException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidUsageEventException("unreadable record: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidUsageEventException("not a JSON object");
        }
        JsonNode version = tree.get("schema_version");
        if (version == null || !version.canConvertToInt() || version.asInt() != UsageEvent.SCHEMA_VERSION) {
            throw new InvalidUsageEventException("schema_version must be " + UsageEvent.SCHEMA_VERSION + ", got " + version);
        }
        UsageEvent event;
        try {
            event = MAPPER.treeToValue(tree, UsageEvent.class);
        } catch (IOException e) {
            throw new InvalidUsageEventException("wrong field type: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        validate(event);
        return event;
    }

    private static void validate(UsageEvent e) throws InvalidUsageEventException {
        require(e.eventId() != null, "event_id is missing");
        require(e.occurredAt() != null, "occurred_at is missing");
        require(present(e.tenant()), "tenant is missing");
        require(present(e.service()), "service is missing");
        require(present(e.model()), "model is missing");
        require(present(e.operation()), "operation is missing");
        require(e.promptTokens() >= 0, "prompt_tokens is negative: " + e.promptTokens());
        require(e.completionTokens() >= 0, "completion_tokens is negative: " + e.completionTokens());
        require(e.latencyMs() >= 0, "latency_ms is negative: " + e.latencyMs());
        require(e.timeToFirstTokenMs() == null || e.timeToFirstTokenMs() >= 0, "time_to_first_token_ms is negative");
        require(e.xRequestId() == null || e.xRequestId().length() <= MAX_REQUEST_ID_LENGTH,
                "x_request_id is longer than " + MAX_REQUEST_ID_LENGTH + " characters");
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(boolean condition, String reason) throws InvalidUsageEventException {
        if (!condition) {
            throw new InvalidUsageEventException(reason);
        }
    }
}
