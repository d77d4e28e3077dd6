package dev.llmsuite.pricing.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the ledger publishes on {@value #TOPIC} for a record it cannot bill: why, where it came from, and the
 * payload (cut to {@value #MAX_PAYLOAD_BYTES} bytes, so a 10 MB poison record does not become a 10 MB dead letter).
 */
public record DeadLetter(
        @JsonProperty("reason") String reason,
        @JsonProperty("source_topic") String sourceTopic,
        @JsonProperty("source_partition") int sourcePartition,
        @JsonProperty("source_offset") long sourceOffset,
        @JsonProperty("payload_bytes") int payloadBytes,
        @JsonProperty("payload_truncated") boolean payloadTruncated,
        @JsonProperty("payload") String payload) {

    public static final String TOPIC = "llm.usage.dlq.v1";
    public static final String REASON_HEADER = "llmsuite-dlq-reason";
    public static final int MAX_PAYLOAD_BYTES = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, String reason) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        boolean truncated = value.length > MAX_PAYLOAD_BYTES;
        byte[] kept = truncated ? Arrays.copyOf(value, MAX_PAYLOAD_BYTES) : value;
        return new DeadLetter(reason, record.topic(), record.partition(), record.offset(), value.length, truncated,
                new String(kept, StandardCharsets.UTF_8));
    }

    public static DeadLetter read(byte[] json) {
        try {
            return JSON.readValue(json, DeadLetter.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a dead letter: " + e.getMessage(), e);
        }
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A dead letter always serialises", e);
        }
    }
}
