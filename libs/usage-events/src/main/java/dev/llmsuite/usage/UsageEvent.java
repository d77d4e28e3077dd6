package dev.llmsuite.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.UUID;

/**
 * One served request, as the billing ledger sees it: who (tenant), what (service, model, operation),
 * how much (tokens) and how it went (latency, time to first token, finish reason).
 * Published as JSON on {@value #TOPIC}, keyed by tenant so one tenant's events stay in order.
 * The wire format is documented field by field in the README ("Usage events").
 *
 * @param requestId  the id of the object returned to the client, e.g. {@code chatcmpl-...}
 * @param xRequestId the {@code x-request-id} of the HTTP exchange (the client's own, or the one the
 *                   service generated); added to schema version 1 as an optional field, null in
 *                   events from publishers that predate it
 */
@JsonPropertyOrder({"schema_version", "event_id", "occurred_at", "tenant", "service", "model", "operation",
        "prompt_tokens", "completion_tokens", "latency_ms", "time_to_first_token_ms", "finish_reason", "request_id", "x_request_id"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsageEvent(
        @JsonProperty("event_id") UUID eventId,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("service") String service,
        @JsonProperty("model") String model,
        @JsonProperty("operation") String operation,
        @JsonProperty("prompt_tokens") long promptTokens,
        @JsonProperty("completion_tokens") long completionTokens,
        @JsonProperty("latency_ms") long latencyMs,
        @JsonProperty("time_to_first_token_ms") Long timeToFirstTokenMs,
        @JsonProperty("finish_reason") String finishReason,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("x_request_id") String xRequestId) {

    public static final String TOPIC = "llm.usage.v1";
    public static final int SCHEMA_VERSION = 1;

    @JsonProperty("schema_version")
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** An event without an {@code x-request-id}, as publishers that predate the field wrote it. */
    public UsageEvent(UUID eventId, Instant occurredAt, String tenant, String service, String model, String operation,
                      long promptTokens, long completionTokens, long latencyMs, Long timeToFirstTokenMs,
                      String finishReason, String requestId) {
        this(eventId, occurredAt, tenant, service, model, operation, promptTokens, completionTokens, latencyMs,
                timeToFirstTokenMs, finishReason, requestId, null);
    }

    /** A new event with a fresh id, stamped now. */
    public static UsageEvent of(String tenant, String service, String model, String operation,
                                long promptTokens, long completionTokens, long latencyMs,
                                Long timeToFirstTokenMs, String finishReason, String requestId, String xRequestId) {
        return new UsageEvent(UUID.randomUUID(), Instant.now(), tenant, service, model, operation,
                promptTokens, completionTokens, latencyMs, timeToFirstTokenMs, finishReason, requestId, xRequestId);
    }
}
