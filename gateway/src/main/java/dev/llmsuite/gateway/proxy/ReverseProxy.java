package dev.llmsuite.gateway.proxy;

import dev.llmsuite.gateway.GatewayConfig;
import dev.llmsuite.gateway.upstream.UpstreamCall;
import dev.llmsuite.gateway.upstream.UpstreamClient;
import dev.llmsuite.gateway.upstream.UpstreamPool;
import dev.llmsuite.openai.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Passes one request to a service and its answer back, both streamed (server-sent events flow as the
 * service writes them), unless the body was already read for the rate limit. The upstream counts the
 * request as outstanding until the answer has ended; a client that goes away cancels the upstream
 * request, so a generation stops instead of running for nobody. A service silent for
 * {@code upstream-timeout} before its answer begins gets the client a 504; silent within a streamed
 * answer, the client's connection is closed, so the cut is visible (no last chunk).
 */
@ApplicationScoped
public class ReverseProxy {

    /** Headers of one hop, never forwarded (RFC 9110, 7.6.1), and Host, which names the upstream. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "expect");

    private final Vertx vertx;
    private final UpstreamClient client;
    private final UpstreamFailures failures;
    private final Duration upstreamTimeout;

    ReverseProxy(Vertx vertx, UpstreamClient client, UpstreamFailures failures, GatewayConfig config) {
        this.vertx = vertx;
        this.client = client;
        this.failures = failures;
        this.upstreamTimeout = config.upstreamTimeout();
    }

    /** @param body the request body when it was read already, else null (it is streamed) */
    public void forward(RoutingContext context, UpstreamPool pool, Buffer body) {
        HttpServerRequest in = context.request();
        HttpServerResponse out = context.response();
        String query = in.query();
        RequestOptions request = new RequestOptions().setMethod(in.method())
                .setURI(context.normalizedPath() + (query == null ? "" : "?" + query))
                .setHeaders(forwardedHeaders(in, body));
        client.open(pool, request).onComplete(opened -> {
            if (opened.failed()) {
                failures.send(out, pool.service(), opened.cause());
                return;
            }
            UpstreamCall call = opened.result();
            if (out.closed()) {
                call.request().reset();
                call.finished();
                return;
            }
            out.closeHandler(closed -> call.request().reset());
            send(call, in, body).onComplete(answer -> {
                if (answer.failed()) {
                    call.finished();
                    if (!out.closed() && !UpstreamFailures.isTimeout(answer.cause())) {
                        call.broke();
                    }
                    failures.send(out, pool.service(), answer.cause());
                } else {
                    call.answered();
                    relay(call, answer.result(), in, out);
                }
            });
        });
    }

    private static Future<HttpClientResponse> send(UpstreamCall call, HttpServerRequest in, Buffer body) {
        if (body != null) {
            return call.request().send(body);
        }
        boolean hasBody = in.headers().contains(HttpHeaders.CONTENT_LENGTH) || in.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        return hasBody ? call.request().send(in) : call.request().send();
    }

    private void relay(UpstreamCall call, HttpClientResponse answer, HttpServerRequest in, HttpServerResponse out) {
        out.setStatusCode(answer.statusCode());
        for (var header : answer.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            // The gateway's own x-request-id is on the response already (the same id: the service received it).
            if (!HOP_BY_HOP.contains(name) && !name.equals(RequestIds.HEADER)) {
                out.headers().add(header.getKey(), header.getValue());
            }
        }
        if (!answer.headers().contains(HttpHeaders.CONTENT_LENGTH) && answer.statusCode() != 204 && answer.statusCode() != 304) {
            out.setChunked(true);
        }
        Silence silence = new Silence(vertx, upstreamTimeout, () -> cut(call, in, out));
        answer.handler(chunk -> {
            silence.heard();
            out.write(chunk);
            if (out.writeQueueFull()) {
                answer.pause();
                out.drainHandler(drained -> answer.resume());
            }
        });
        answer.exceptionHandler(failure -> {
            silence.stop();
            cut(call, in, out);
        });
        answer.endHandler(ended -> {
            silence.stop();
            call.finished();
            out.end();
        });
    }

    /** One side broke, or the service fell silent, mid-answer: stop the upstream, and never end a cut stream as if complete. */
    private static void cut(UpstreamCall call, HttpServerRequest in, HttpServerResponse out) {
        call.finished();
        call.request().reset();
        if (!out.ended() && !out.closed()) {
            in.connection().close();
        }
    }

    private static MultiMap forwardedHeaders(HttpServerRequest in, Buffer body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (var header : in.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !(body != null && name.equals("content-length"))) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        if (body != null) {
            headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
        }
        String client = in.remoteAddress() == null ? null : in.remoteAddress().hostAddress();
        if (client != null) {
            String earlier = in.getHeader("X-Forwarded-For");
            headers.set("X-Forwarded-For", earlier == null ? client : earlier + ", " + client);
        }
        headers.set("X-Forwarded-Proto", in.scheme() == null ? "http" : in.scheme());
        if (in.authority() != null) {
            headers.set("X-Forwarded-Host", in.authority().toString());
        }
        return headers;
    }
}
