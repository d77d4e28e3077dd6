package dev.llmsuite.tokens;

import dev.llmsuite.servicetesting.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.llmsuite.tokens.Api.asTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI contract on the tokenizer's endpoints: each case here was a defect of issue 12. */
@QuarkusTest
class ContractTest {

    @TestHTTPResource("/")
    URI base;

    private static ValidatableResponse post(String path, String body) {
        return asTenant().body(body).post(path).then();
    }

    private static ValidatableResponse post(String path, byte[] body) {
        return asTenant().body(body).post(path).then();
    }

    private static void refused(ValidatableResponse response, String param) {
        response.statusCode(400).contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo(param));
    }

    @Test
    void tokensOfTheWrongShapeAre400NotAServerError() {
        refused(post("/v1/detokenize", "{\"tokens\":\"x\",\"encoding\":\"cl100k_base\"}"), "tokens");
        refused(post("/v1/detokenize", "{\"tokens\":[null],\"encoding\":\"cl100k_base\"}"), "tokens[0]");
        refused(post("/v1/detokenize", "{\"tokens\":[1, \"2\"],\"encoding\":\"cl100k_base\"}"), "tokens[1]");
    }

    @Test
    void overlongUtf8IsRefusedNotDecodedAsASlash() {
        byte[] body = "{\"text\":\"a\u0000\u0000b\",\"encoding\":\"cl100k_base\"}".getBytes(StandardCharsets.UTF_8);
        int at = new String(body, StandardCharsets.UTF_8).indexOf('\u0000');
        body[at] = (byte) 0xC0;
        body[at + 1] = (byte) 0xAF;
        refused(post("/v1/tokenize", body), null);
        body[at] = (byte) 0xED;
        body[at + 1] = (byte) 0xA0;
        refused(post("/v1/tokenize", body), null);
    }

    @Test
    void trailingContentAndDuplicateKeysAreRefused() {
        refused(post("/v1/tokenize", "{\"text\":\"a\",\"encoding\":\"cl100k_base\"} xyz"), null);
        refused(post("/v1/tokenize", "{\"text\":\"a\",\"encoding\":\"cl100k_base\"}{}"), null);
        refused(post("/v1/tokenize", "{\"text\":\"a\",\"text\":\"b\",\"encoding\":\"cl100k_base\"}"), "text");
    }

    @Test
    void detokenizeReplacesEachMaximalInvalidSubpartAsTiktokenDoes() {
        // cl100k ids 169, 254, 222 are the bytes ED A0 80: tiktoken's decode gives three U+FFFD.
        post("/v1/detokenize", "{\"tokens\":[169,254,222],\"encoding\":\"cl100k_base\"}").statusCode(200)
                .body("text", equalTo("\uFFFD\uFFFD\uFFFD"))
                .body("valid_utf8", equalTo(false))
                .body("bytes_base64", equalTo("7aCA"));
    }

    @Test
    void modelNamesResolveExactlyAsTiktokensTable() {
        post("/v1/tokenize", "{\"text\":\"a\",\"model\":\"gpt-5.1\"}").statusCode(200).body("encoding", equalTo("o200k_base"));
        for (String model : new String[] {"GPT-4o", " gpt-4o "}) {
            asTenant().body(Map.of("text", "a", "model", model)).post("/v1/tokenize").then().statusCode(404)
                    .body("error.code", equalTo("model_not_found"))
                    .body("error.message", not(containsString("text-embedding-3-*")));
        }
    }

    /** Refusals by the HTTP layer itself carry OpenAI's error body too (they used to be empty). */
    @Test
    void anOverlongUriOrOversizedHeadersGetOpenAisErrorBody() {
        String uri = RawHttp.get(base.getHost(), base.getPort(), "/v1/encodings?q=" + "a".repeat(20_000), "");
        assertTrue(uri.startsWith("HTTP/1.1 414") && uri.contains("\"code\":\"uri_too_long\"") && uri.contains("x-request-id"), uri);
        String headers = RawHttp.get(base.getHost(), base.getPort(), "/v1/encodings", ("X-Pad: " + "b".repeat(8_000) + "\r\n").repeat(10));
        assertTrue(headers.startsWith("HTTP/1.1 431") && headers.contains("\"code\":\"headers_too_large\""), headers);
    }

    @Test
    void everyResponseCarriesARequestIdTheClientsWhenItSentOne() {
        asTenant().header("x-request-id", "client-chosen-42").body("{\"text\":\"a\",\"encoding\":\"cl100k_base\"}")
                .post("/v1/tokenize").then().statusCode(200).header("x-request-id", "client-chosen-42");
        post("/v1/tokenize", "{\"text\":").statusCode(400).header("x-request-id", matchesPattern("req_[0-9a-f]{32}"));
        given().get("/v1/encodings").then().statusCode(401).header("x-request-id", matchesPattern("req_[0-9a-f]{32}"));
        asTenant().header("x-request-id", "bad id\twith tab").get("/v1/encodings").then().statusCode(200)
                .header("x-request-id", matchesPattern("req_[0-9a-f]{32}"));
    }

    /** The id is logged: the request's line in the log carries it in the logging context ({@code %X{request_id}}). */
    @Test
    void eachRequestIsLoggedUnderItsRequestId() throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext) {
                    lines.add(ext.getMdc("request_id") + " " + ext.getFormattedMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // The %test profile keeps this category quiet; the test turns it on for itself.
        Logger requests = Logger.getLogger("dev.llmsuite.requests");
        Level configured = requests.getLevel();
        requests.setLevel(Level.INFO);
        requests.addHandler(capture);
        try {
            asTenant().header("x-request-id", "logged-7").body("{\"text\":").post("/v1/tokenize").then().statusCode(400);
            String line = null;
            // The line is written when the response ends, which may be just after the client has read it.
            for (String next = lines.poll(60, TimeUnit.SECONDS); next != null; next = lines.poll(60, TimeUnit.SECONDS)) {
                if (next.startsWith("logged-7 ")) {
                    line = next;
                    break;
                }
            }
            assertNotNull(line, "no log line under the request's id");
            assertTrue(line.matches("logged-7 POST /v1/tokenize 400 \\d+ ms"), line);
        } finally {
            requests.removeHandler(capture);
            requests.setLevel(configured);
        }
    }
}
