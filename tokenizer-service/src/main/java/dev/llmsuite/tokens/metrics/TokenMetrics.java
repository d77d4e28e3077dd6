package dev.llmsuite.tokens.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service's domain metrics, exported at {@code /q/metrics}:
 * <ul>
 *   <li>{@code llmsuite_tokenizer_tokens_total{operation,encoding}}: tokens produced or decoded;
 *       {@code rate(...[1m])} is the service's tokens per second.</li>
 *   <li>{@code llmsuite_tokenizer_tokens_per_second{operation}}: throughput of each request.</li>
 *   <li>{@code llmsuite_tokenizer_request_bytes{operation}}: UTF-8 bytes of text per request.</li>
 *   <li>{@code llmsuite_tokenizer_request_texts{operation}}: texts per request (batch size).</li>
 *   <li>{@code llmsuite_tokenizer_work_seconds{operation,encoding}}: time spent in the tokenizer.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class TokenMetrics {

    private final MeterRegistry registry;

    TokenMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Zero-initialised so dashboards and alerts see the series before the first request.
        for (String operation : List.of("tokenize", "detokenize", "count")) {
            requestBytes(operation);
            requestTexts(operation);
        }
    }

    /** Records the work done on one encoding; a count over several encodings records each. */
    public void recordWork(String operation, String encoding, long tokens, long nanos) {
        Counter.builder("llmsuite.tokenizer.tokens")
                .description("Tokens produced (tokenize, count) or decoded (detokenize)")
                .tags("operation", operation, "encoding", encoding)
                .register(registry)
                .increment(tokens);
        Timer.builder("llmsuite.tokenizer.work")
                .description("Time spent tokenizing, per request and encoding")
                .tags("operation", operation, "encoding", encoding)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (nanos > 0) {
            DistributionSummary.builder("llmsuite.tokenizer.tokens.per.second")
                    .description("Tokenizer throughput of each request")
                    .tags("operation", operation)
                    .register(registry)
                    .record(tokens * 1e9 / nanos);
        }
    }

    /** Records the size of one request, once, however many encodings it asks for. */
    public void recordRequest(String operation, List<String> texts) {
        long bytes = 0;
        for (String text : texts) {
            bytes += utf8Length(text);
        }
        requestBytes(operation).record(bytes);
        requestTexts(operation).record(texts.size());
    }

    private DistributionSummary requestBytes(String operation) {
        return DistributionSummary.builder("llmsuite.tokenizer.request.bytes")
                .description("UTF-8 bytes of text in a request")
                .baseUnit("bytes")
                .tags("operation", operation)
                .publishPercentileHistogram()
                .register(registry);
    }

    private DistributionSummary requestTexts(String operation) {
        return DistributionSummary.builder("llmsuite.tokenizer.request.texts")
                .description("Texts in a request (batch size)")
                .tags("operation", operation)
                .register(registry);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
