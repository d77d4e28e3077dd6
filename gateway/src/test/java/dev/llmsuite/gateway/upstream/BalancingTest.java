package dev.llmsuite.gateway.upstream;

import dev.llmsuite.gateway.EchoServer;
import dev.llmsuite.infra.Eventually;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;

import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several generation upstreams behind the gateway ({@link PodUpstreams}): all addresses of a host name
 * serve, open streams steer new requests to the others, a URL that refuses connections costs no request
 * and is found again once something listens there, and pods that appear or vanish in the name's
 * records are picked up. Nothing here depends on timing: each wait polls for its effect.
 */
@QuarkusTest
@WithTestResource(PodUpstreams.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BalancingTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Vertx VERTX = Vertx.vertx();

    @TestHTTPResource("/")
    URI base;

    // Read when the test runs, not injected: every test class is a bean that each test application validates.
    private final int port = ConfigProvider.getConfig().getValue("test.pods.port", Integer.class);
    private final int deadPort = ConfigProvider.getConfig().getValue("test.pods.dead-port", Integer.class);
    private final String hostsFile = ConfigProvider.getConfig().getValue("llmsuite.gateway.hosts-file", String.class);

    @AfterAll
    static void stopServers() {
        VERTX.close();
    }

    private static RequestSpecification withKey() {
        return given().header("Authorization", "Bearer sk-test-tenant");
    }

    private static String servedBy() {
        return withKey().post("/v1/completions").then().statusCode(200).extract().jsonPath().getString("upstream");
    }

    @Test
    @Order(1)
    void everyAddressOfTheHostServesAndTheRefusingUrlCostsNoRequest() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30 && seen.size() < 2; i++) {
            seen.add(servedBy());
        }
        assertEquals(Set.of("127.0.0.1:" + port, "127.0.0.2:" + port), seen);
    }

    @Test
    @Order(2)
    void anOpenStreamCountsUntilItEnds() throws Exception {
        try (HeldStream first = HeldStream.open(base); HeldStream second = HeldStream.open(base)) {
            assertNotEquals(first.upstream(), second.upstream(), "the second stream goes where none is open");
            String busy = first.upstream();
            try (HeldStream third = HeldStream.open(base)) {
                // Now one upstream holds two streams and the other one: every request goes to the other.
                String lessBusy = third.upstream().equals(busy) ? second.upstream() : busy;
                for (int i = 0; i < 10; i++) {
                    assertEquals(lessBusy, servedBy());
                }
                release(first.upstream());
                release(second.upstream());
                assertTrue(first.readToEnd().endsWith("data: [DONE]"));
                assertTrue(second.readToEnd().endsWith("data: [DONE]"));
                assertTrue(third.readToEnd().endsWith("data: [DONE]"));
            }
        }
    }

    @Test
    @Order(3)
    void anUpstreamThatRefusedIsTriedAgainLater() throws Exception {
        EchoServer.start(VERTX, "generation", "127.0.0.1", deadPort, null);
        Eventually.await("a request served at the port that refused before", () -> servedBy().equals("127.0.0.1:" + deadPort));
    }

    @Test
    @Order(4)
    void podsThatAppearOrVanishInTheRecordsAreFollowed() throws Exception {
        EchoServer.start(VERTX, "generation", "127.0.0.3", port, null);
        Files.writeString(Path.of(hostsFile), "127.0.0.1 " + PodUpstreams.HOST + "\n127.0.0.3 " + PodUpstreams.HOST + "\n");
        Eventually.await("a request served by the pod added to the records", () -> servedBy().equals("127.0.0.3:" + port));
        String gone = "127.0.0.2:" + port;
        Eventually.await("12 requests in a row none of which the removed pod served", () -> {
            for (int i = 0; i < 12; i++) {
                if (servedBy().equals(gone)) {
                    return false;
                }
            }
            return true;
        });
    }

    private void release(String upstream) {
        given().baseUri("http://" + upstream).post("/release").then().statusCode(200);
    }

    /** A streamed completion through the gateway, held open by its upstream until released. */
    private record HeldStream(Socket socket, BufferedReader reader, String upstream) implements AutoCloseable {

        static HeldStream open(URI base) throws Exception {
            Socket socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout((int) PATIENCE.toMillis());
            socket.getOutputStream().write(("POST /v1/completions/hold HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer sk-test-tenant\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("data: ")) {
                // status line, headers, chunk sizes
            }
            assertFalse(line == null, "the stream ended before its first event");
            String upstream = line.substring(line.indexOf("\"upstream\":\"") + 12, line.lastIndexOf('"'));
            return new HeldStream(socket, reader, upstream);
        }

        String readToEnd() throws Exception {
            String last = "";
            String line;
            while ((line = reader.readLine()) != null && !line.equals("0")) {
                if (line.startsWith("data: ")) {
                    last = line;
                }
            }
            return last;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

}
