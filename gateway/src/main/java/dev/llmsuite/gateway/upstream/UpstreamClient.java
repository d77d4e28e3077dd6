package dev.llmsuite.gateway.upstream;

import dev.llmsuite.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Opens requests to a service: to its upstream with the fewest outstanding requests, and when that one
 * refuses the connection (or does not accept it within {@code connect-timeout}), it is ejected and the
 * next one is tried, until each has been tried once. Nothing of the request has been sent at that point,
 * so trying another upstream is always safe.
 */
@ApplicationScoped
public class UpstreamClient {

    private final HttpClient client;
    private final GatewayConfig config;

    UpstreamClient(Vertx vertx, GatewayConfig config) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(config.maxConnectionsPerUpstream()).setKeepAlive(true)
                .setConnectTimeout((int) config.connectTimeout().toMillis()));
    }

    /** @param request method, URI and headers; where it goes is filled in per upstream */
    public Future<UpstreamCall> open(UpstreamPool pool, RequestOptions request) {
        return attempt(pool, request, new ArrayList<>(), new ArrayList<>());
    }

    private Future<UpstreamCall> attempt(UpstreamPool pool, RequestOptions request, List<Upstream> tried, List<String> failures) {
        Optional<Upstream> next = pool.choose(tried);
        if (next.isEmpty()) {
            return Future.failedFuture(new UpstreamUnavailable(pool.service(), failures));
        }
        Upstream upstream = next.get();
        tried.add(upstream);
        upstream.started();
        RequestOptions options = new RequestOptions(request)
                .setServer(upstream.socketAddress())
                .setHost(upstream.url().host())
                .setPort(upstream.url().port())
                .setSsl(upstream.url().tls())
                // The time to get a connection from the pool, waiting for a busy one to come free included
                // (opening one is bounded by connect-timeout in the client's options): a request beyond the
                // pool's size waits as long as the service may stay silent, instead of failing with 502 and
                // getting a healthy upstream ejected.
                .setConnectTimeout(config.upstreamTimeout().toMillis())
                .setIdleTimeout(config.upstreamTimeout().toMillis());
        return client.request(options).transform(opened -> {
            if (opened.succeeded()) {
                return Future.succeededFuture(new UpstreamCall(pool, upstream, opened.result()));
            }
            upstream.finished();
            pool.failed(upstream);
            failures.add(upstream + ": " + describe(opened.cause()));
            return attempt(pool, request, tried, failures);
        });
    }

    /** A whole answer, read into memory: for the gateway's own small requests (model lists, OpenAPI documents). */
    public record Fetched(int status, Buffer body) {
    }

    /** {@code GET uri} from one upstream of the pool, its answer read whole. */
    public Future<Fetched> get(UpstreamPool pool, String uri, MultiMap headers) {
        return open(pool, new RequestOptions().setMethod(HttpMethod.GET).setURI(uri).setHeaders(headers))
                .compose(call -> call.request().send()
                        .compose(response -> {
                            call.answered();
                            return response.body().map(body -> new Fetched(response.statusCode(), body));
                        }, failure -> {
                            if (!(failure instanceof TimeoutException)) {
                                call.broke();
                            }
                            return Future.failedFuture(failure);
                        })
                        .andThen(done -> call.finished()));
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        // Netty appends the address ("Connection refused: /10.0.0.5:8083"), which the caller names already.
        int address = message.indexOf(": /");
        return address > 0 ? message.substring(0, address) : message;
    }
}
