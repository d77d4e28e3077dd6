package dev.llmsuite.embedding.api;

import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.servicetesting.PlatformContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

/** The suite-wide service contract (health, metrics, OpenAPI, 401s) for the embedding service. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EmbeddingPlatformTest extends PlatformContract {

    EmbeddingPlatformTest() {
        super("/v1/embeddings", List.of("embedding_batch_size", "embedding_batch_padding_ratio", "embedding_inference_seconds",
                "embedding_queue_wait_seconds", "embedding_sentences_total", "embedding_queue_depth", "embedding_requests_open"));
    }
}
