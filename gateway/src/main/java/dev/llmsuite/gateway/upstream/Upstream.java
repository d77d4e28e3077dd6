package dev.llmsuite.gateway.upstream;

import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One address serving one base URL (a pod behind a headless Service, or the one host of a plain URL):
 * how many requests it is serving now, open streams included, and whether it is ejected after a failure.
 */
public final class Upstream {

    private final UpstreamUrl url;
    private final InetAddress address;
    private final AtomicInteger outstanding = new AtomicInteger();
    /** {@link System#nanoTime()} before which this upstream gets no new requests; meaningful while {@code ejected}. */
    private volatile long ejectedUntil;
    private volatile boolean ejected;

    Upstream(UpstreamUrl url, InetAddress address) {
        this.url = url;
        this.address = address;
    }

    public UpstreamUrl url() {
        return url;
    }

    public InetAddress address() {
        return address;
    }

    /** Where to connect: the resolved address, while the Host header keeps the URL's name. */
    public SocketAddress socketAddress() {
        return SocketAddress.inetSocketAddress(url.port(), address.getHostAddress());
    }

    public int outstanding() {
        return outstanding.get();
    }

    /** A request was sent here; {@link #finished()} follows when its answer has ended, however it ended. */
    public void started() {
        outstanding.incrementAndGet();
    }

    public void finished() {
        outstanding.decrementAndGet();
    }

    void eject(long now, long nanos) {
        ejectedUntil = now + nanos;
        ejected = true;
    }

    /** A successful exchange ends an ejection early (the upstream was tried after all, and answered). */
    void restore() {
        ejected = false;
    }

    boolean isEjectedAt(long now) {
        return ejected && ejectedUntil - now > 0;
    }

    @Override
    public String toString() {
        String ip = address.getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + url.port() + (url.host().equals(ip) ? "" : " (" + url.host() + ")");
    }
}
