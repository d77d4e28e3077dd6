package dev.llmsuite.gateway.upstream;

import dev.llmsuite.gateway.EchoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * More requests than connections to one upstream: with two connections allowed and both held by open
 * streams, a third request waits for one to come free and is then served, instead of failing with 502
 * once the (here very short) connect timeout has passed and getting the healthy upstream ejected.
 */
@QuarkusTest
@WithTestResource(ConnectionLimitTest.TwoConnections.class)
class ConnectionLimitTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @TestHTTPResource("/")
    URI base;

    private final String upstream = ConfigProvider.getConfig().getValue("test.busy.upstream", String.class);

    @Test
    void aRequestBeyondThePoolWaitsForAConnectionInsteadOfFailing() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> first = http.send(request("/v1/completions/hold"), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> second = http.send(request("/v1/completions/hold"), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, first.statusCode());
        assertEquals(200, second.statusCode());

        CompletableFuture<HttpResponse<String>> third = http.sendAsync(request("/v1/completions"), HttpResponse.BodyHandlers.ofString());
        // Ten times the connect timeout: long enough for a request that gives up on the pool to have done so.
        Thread.sleep(1_000);
        assertFalse(third.isDone(), "the third request waits while both connections are held: "
                + (third.isDone() ? third.join().body() : ""));

        given().baseUri("http://" + upstream).post("/release").then().statusCode(200);
        HttpResponse<String> served = third.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(200, served.statusCode(), served.body());
        first.body().close();
        second.body().close();
        HttpResponse<String> after = http.send(request("/v1/completions"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, after.statusCode(), "the upstream was not ejected: " + after.body());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(PATIENCE)
                .header("Authorization", "Bearer sk-test-tenant").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    /** One generation upstream, two connections to it at most, and a connect timeout of 100 ms. */
    public static class TwoConnections implements QuarkusTestResourceLifecycleManager {

        private Vertx vertx;

        @Override
        public Map<String, String> start() {
            vertx = Vertx.vertx();
            Map<String, String> config = new HashMap<>();
            EchoServer generation = EchoServer.start(vertx, "generation", "127.0.0.1", 0, null);
            config.put("llmsuite.gateway.services.generation.urls", "http://" + generation.address());
            for (String other : new String[] {"tokenizer", "embedding", "pricing"}) {
                config.put("llmsuite.gateway.services." + other + ".urls",
                        "http://" + EchoServer.start(vertx, other, "127.0.0.1", 0, null).address());
            }
            config.put("llmsuite.gateway.max-connections-per-upstream", "2");
            config.put("llmsuite.gateway.connect-timeout", "100ms");
            config.put("test.busy.upstream", generation.address());
            return config;
        }

        @Override
        public void stop() {
            vertx.close();
        }
    }
}
