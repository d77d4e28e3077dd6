package dev.llmsuite.embedding.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.llmsuite.infra.KafkaTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official OpenAI Java SDK, unchanged, against the running service. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OpenAiSdkTest {

    static final String MODEL = "all-minilm-l6-v2";

    @TestHTTPResource("/v1")
    URL baseUrl;

    OpenAIClient client;

    @BeforeEach
    void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString()).apiKey("sk-test-tenant").maxRetries(0).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void embeddingsCreateWorksWithTheSdksDefaults() {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(MODEL).input("The quick brown fox jumps over the lazy dog.").build());
        assertEquals(1, response.data().size());
        assertEquals(384, response.data().get(0).embedding().size());
        assertEquals(MODEL, response.model());
        assertEquals(response.usage().promptTokens(), response.usage().totalTokens());
        assertTrue(response.usage().promptTokens() > 2);
    }

    /** The SDK reads x-request-id as the request id, on answers and on errors alike. */
    @Test
    void theSdkReadsTheRequestId() {
        try (HttpResponseFor<CreateEmbeddingResponse> response = client.embeddings().withRawResponse().create(
                EmbeddingCreateParams.builder().model(MODEL).input("request ids").build())) {
            assertTrue(response.requestId().orElseThrow().startsWith("req_"), response.requestId().toString());
            assertEquals(1, response.parse().data().size());
        }
        NotFoundException unknown = assertThrows(NotFoundException.class, () -> client.embeddings().create(
                EmbeddingCreateParams.builder().model("text-embedding-3-small").input("x").build()));
        assertTrue(unknown.headers().values("x-request-id").getFirst().startsWith("req_"));
        assertEquals("model_not_found", unknown.code().orElseThrow());
    }

    @Test
    void floatAndBase64FormatsDecodeToTheSameVectors() {
        List<String> texts = List.of("first sentence", "a second, different sentence");
        CreateEmbeddingResponse floats = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(MODEL).inputOfArrayOfStrings(texts).encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
        CreateEmbeddingResponse base64 = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(MODEL).inputOfArrayOfStrings(texts).encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());
        assertEquals(2, floats.data().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(i, floats.data().get(i).index());
            assertEquals(floats.data().get(i).embedding(), base64.data().get(i).embedding());
        }
    }

    @Test
    void tokenArraysAreAccepted() {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(MODEL).inputOfArrayOfTokenArrays(List.of(List.of(7592L, 2088L), List.of(2088L))).build());
        assertEquals(2, response.data().size());
        assertEquals(4 + 3, response.usage().promptTokens());
    }

    @Test
    void errorsArriveAsTheSdksTypedExceptions() {
        NotFoundException unknown = assertThrows(NotFoundException.class, () -> client.embeddings().create(
                EmbeddingCreateParams.builder().model("text-embedding-3-small").input("x").build()));
        assertTrue(unknown.getMessage().contains("does not exist"), unknown.getMessage());
        BadRequestException dimensions = assertThrows(BadRequestException.class, () -> client.embeddings().create(
                EmbeddingCreateParams.builder().model(MODEL).input("x").dimensions(64).build()));
        assertEquals("dimensions", dimensions.param().orElseThrow());
    }
}
