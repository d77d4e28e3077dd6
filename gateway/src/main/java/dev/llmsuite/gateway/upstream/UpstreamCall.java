package dev.llmsuite.gateway.upstream;

import io.vertx.core.http.HttpClientRequest;

import java.util.concurrent.atomic.AtomicBoolean;

/** A request opened to one upstream; {@link #finished()} when its answer has ended, however it ended. */
public final class UpstreamCall {

    private final UpstreamPool pool;
    private final Upstream upstream;
    private final HttpClientRequest request;
    private final AtomicBoolean finished = new AtomicBoolean();

    UpstreamCall(UpstreamPool pool, Upstream upstream, HttpClientRequest request) {
        this.pool = pool;
        this.upstream = upstream;
        this.request = request;
    }

    public HttpClientRequest request() {
        return request;
    }

    public Upstream upstream() {
        return upstream;
    }

    /** The upstream began answering: whatever ejected it is over. */
    public void answered() {
        pool.answered(upstream);
    }

    /** The connection broke before an answer: the upstream is ejected for a while. */
    public void broke() {
        pool.failed(upstream);
    }

    public void finished() {
        if (finished.compareAndSet(false, true)) {
            upstream.finished();
        }
    }
}
