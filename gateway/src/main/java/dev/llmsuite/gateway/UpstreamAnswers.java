package dev.llmsuite.gateway;

import dev.llmsuite.openai.http.ErrorJson;
import dev.llmsuite.openai.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * What the gateway does to a service's answer on its way back: the service's copy of
 * {@code x-request-id} is dropped (the gateway set the same id on the response already, and one
 * header is what clients expect), and when the service could not be reached at all, the proxy's
 * empty 502 gets OpenAI's error body naming the service.
 */
final class UpstreamAnswers implements ProxyInterceptor {

    private final String service;

    UpstreamAnswers(String service) {
        this.service = service;
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        ProxyResponse response = context.response();
        response.headers().remove(RequestIds.HEADER);
        if (response.getStatusCode() == 502 && response.headers().get("Content-Type") == null) {
            byte[] body = ErrorJson.body(502, "The " + service + " service did not answer; retry shortly.", null, "upstream_unavailable")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            response.putHeader("Content-Type", "application/json").setBody(Body.body(Buffer.buffer(body)));
        }
        return context.sendResponse();
    }
}
