package dev.llmsuite.gateway.proxy;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 502 and 504 in OpenAI's format, and what /v1/models says when services are down ({@link FailingUpstreams}). */
@QuarkusTest
@WithTestResource(FailingUpstreams.class)
class UpstreamFailuresTest {

    @TestHTTPResource("/")
    URI base;

    private static RequestSpecification withKey() {
        return given().header("Authorization", "Bearer sk-test-tenant");
    }

    @Test
    void aServiceThatRefusesConnectionsIs502NamingIt() {
        withKey().post("/v1/pricing/estimate").then().statusCode(502)
                .header("x-request-id", notNullValue())
                .body("error.type", equalTo("server_error"))
                .body("error.code", equalTo("upstream_unavailable"))
                .body("error.message", containsString("pricing service could not be reached"))
                .body("error.message", containsString("127.0.0.1:"));
    }

    @Test
    void aSilentServiceIs504() {
        withKey().post("/v1/completions/silent").then().statusCode(504)
                .header("x-request-id", notNullValue())
                .body("error.type", equalTo("server_error"))
                .body("error.code", equalTo("upstream_timeout"))
                .body("error.message", containsString("llmsuite.gateway.upstream-timeout"));
    }

    @Test
    void aStreamWhoseServiceFallsSilentIsCutNotEndedAsIfComplete() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(120_000);
            socket.getOutputStream().write(("POST /v1/chat/hold HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer sk-test-tenant\r\n"
                    + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            assertTrue(lines.getFirst().startsWith("HTTP/1.1 200"), lines.toString());
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("data: {\"upstream\"")), lines.toString());
            assertFalse(lines.contains("0"), "no last chunk: the client can tell the stream was cut " + lines);
        }
    }

    @Test
    void aPartialModelListNamesTheServiceMissingFromIt() {
        withKey().get("/v1/models").then().statusCode(200)
                .header("x-llmsuite-missing-services", "embedding")
                .body("data.id", equalTo(List.of("generation-model")));
    }

    @Test
    void aModelNotFoundWhereAskedButNotAskedEverywhereIsNot404() {
        withKey().get("/v1/models/embedding-model").then().statusCode(502)
                .body("error.message", containsString("embedding"));
        withKey().get("/v1/models/generation-model").then().statusCode(200).body("owned_by", equalTo("generation"));
    }

    @Test
    void theMergedOpenApiDocumentSaysWhichServicesAreMissing() {
        String missing = given().get("/q/openapi").then().statusCode(200)
                .body("info.description", containsString("pricing")).extract().header("x-llmsuite-missing-services");
        assertEquals(java.util.Set.of("embedding", "pricing"), java.util.Set.of(missing.split(",")));
    }
}
