package dev.llmsuite.tokens;

import dev.llmsuite.servicetesting.PlatformContract;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

@QuarkusTest
class TokenizerPlatformTest extends PlatformContract {

    TokenizerPlatformTest() {
        super("/v1/tokens/count", List.of("llmsuite_tokenizer_request_bytes", "llmsuite_tokenizer_request_texts"));
    }
}
