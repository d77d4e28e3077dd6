package dev.llmsuite.generation;

import dev.llmsuite.generation.support.Stories260kModel;
import dev.llmsuite.infra.KafkaTestResource;
import dev.llmsuite.servicetesting.PlatformContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

/** The platform's promises (health, metrics, OpenAPI, 401s) held by generation-service with a model loaded. */
@QuarkusTest
@WithTestResource(Stories260kModel.class)
@WithTestResource(KafkaTestResource.class)
class GenerationPlatformTest extends PlatformContract {

    GenerationPlatformTest() {
        super("/v1/chat/completions", List.of("llmsuite_generation_queue_depth", "llmsuite_generation_running",
                "llmsuite_generation_kv_cache_bytes", "llmsuite_generation_tokens_per_second", "llmsuite_generation_batch_size",
                "llmsuite_generation_kv_cache_blocks", "llmsuite_generation_kv_cache_capacity_blocks",
                "llmsuite_generation_prefix_cache_hit_rate", "llmsuite_generation_prefix_cache_tokens_saved_total",
                "llmsuite_generation_preemptions_total"));
    }
}
