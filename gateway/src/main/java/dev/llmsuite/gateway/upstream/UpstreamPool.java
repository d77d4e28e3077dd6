package dev.llmsuite.gateway.upstream;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The upstreams of one service and the choice among them: the one with the fewest outstanding requests
 * (a long stream counts until it ends), skipping those ejected after a failure until their ejection time
 * is over. Ties rotate, so idle upstreams share the load. When every upstream is ejected they are all
 * tried anyway: a refused connection costs little, and a service that came back is found at once.
 */
public final class UpstreamPool {

    private record Key(UpstreamUrl url, InetAddress address) {
    }

    private final String service;
    private final List<UpstreamUrl> urls;
    private final long ejectionNanos;
    private final LongSupplier clock;
    private final AtomicInteger rotation = new AtomicInteger();
    private volatile List<Upstream> upstreams = List.of();

    public UpstreamPool(String service, List<UpstreamUrl> urls, Duration ejectionTime, LongSupplier clock) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("Service " + service + " has no upstream URL");
        }
        this.service = service;
        this.urls = List.copyOf(urls);
        this.ejectionNanos = ejectionTime.toNanos();
        this.clock = clock;
    }

    public String service() {
        return service;
    }

    public List<UpstreamUrl> urls() {
        return urls;
    }

    public List<Upstream> upstreams() {
        return upstreams;
    }

    /**
     * Takes the addresses each URL resolves to now. Upstreams that stay keep their counts and ejection;
     * one that is gone gets no new requests, while those it is serving run to their end.
     */
    public synchronized void resolvedTo(Map<UpstreamUrl, List<InetAddress>> addresses) {
        Map<Key, Upstream> current = new HashMap<>();
        for (Upstream upstream : upstreams) {
            current.put(new Key(upstream.url(), upstream.address()), upstream);
        }
        Map<Key, Upstream> next = new LinkedHashMap<>();
        for (UpstreamUrl url : urls) {
            for (InetAddress address : addresses.getOrDefault(url, List.of())) {
                next.computeIfAbsent(new Key(url, address), key -> current.getOrDefault(key, new Upstream(url, address)));
            }
        }
        upstreams = List.copyOf(next.values());
    }

    /** The upstream for the next request, leaving out those already tried for it. */
    public Optional<Upstream> choose(Collection<Upstream> tried) {
        List<Upstream> all = upstreams;
        if (all.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        int start = Math.floorMod(rotation.getAndIncrement(), all.size());
        Upstream best = null;
        Upstream bestEjected = null;
        for (int i = 0; i < all.size(); i++) {
            Upstream candidate = all.get((start + i) % all.size());
            if (tried.contains(candidate)) {
                continue;
            }
            if (candidate.isEjectedAt(now)) {
                if (bestEjected == null || candidate.outstanding() < bestEjected.outstanding()) {
                    bestEjected = candidate;
                }
            } else if (best == null || candidate.outstanding() < best.outstanding()) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best != null ? best : bestEjected);
    }

    /** The upstream refused or dropped a connection: no new requests for the ejection time. */
    public void failed(Upstream upstream) {
        upstream.eject(clock.getAsLong(), ejectionNanos);
    }

    /** The upstream answered. */
    public void answered(Upstream upstream) {
        upstream.restore();
    }

    @Override
    public String toString() {
        return service + " " + upstreams;
    }
}
