package dev.llmsuite.gateway.upstream;

import dev.llmsuite.gateway.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pools of every service, kept current: each URL's host is resolved at start-up and again every
 * {@code llmsuite.gateway.resolve-interval}. A failed lookup keeps the addresses known before (a DNS
 * hiccup must not empty a pool); a successful one replaces them.
 */
@ApplicationScoped
public class Upstreams {

    private static final Logger LOG = Logger.getLogger(Upstreams.class);
    /** How long start-up waits for the first lookups; a slow DNS only delays the first requests' upstreams. */
    private static final long FIRST_RESOLUTION_SECONDS = 10;

    private final Vertx vertx;
    private final GatewayConfig config;
    private final Map<String, UpstreamPool> pools = new LinkedHashMap<>();
    private final Map<UpstreamUrl, List<InetAddress>> known = new HashMap<>();
    private HostResolver resolver;
    private long timer = -1;

    Upstreams(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.config = config;
        config.services().forEach((service, settings) -> pools.put(service, new UpstreamPool(service,
                settings.urls().stream().map(UpstreamUrl::parse).toList(), config.ejectionTime(), System::nanoTime)));
    }

    void start(@Observes StartupEvent started) {
        List<InetSocketAddress> dnsServers = config.dnsServers().orElse(List.of()).stream().map(Upstreams::dnsServer).toList();
        resolver = new HostResolver(new File(config.hostsFile().orElse("/etc/hosts")), dnsServers);
        try {
            refresh().toCompletionStage().toCompletableFuture().get(FIRST_RESOLUTION_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("Upstream host names not all resolved at start-up (%s); retrying every %s", e.getMessage(),
                    config.resolveInterval());
        }
        timer = vertx.setPeriodic(config.resolveInterval().toMillis(), tick -> refresh());
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (resolver != null) {
            resolver.close();
        }
    }

    private static InetSocketAddress dnsServer(String hostAndPort) {
        UpstreamUrl server = UpstreamUrl.parse("http://" + (hostAndPort.contains(":") ? hostAndPort : hostAndPort + ":53"));
        return new InetSocketAddress(server.host(), server.port());
    }

    public Optional<UpstreamPool> of(String service) {
        return Optional.ofNullable(pools.get(service));
    }

    public Map<String, UpstreamPool> pools() {
        return pools;
    }

    /** Resolves every URL of every pool again; completes when all lookups have. */
    public Future<Void> refresh() {
        List<Future<?>> lookups = new ArrayList<>();
        for (UpstreamPool pool : pools.values()) {
            List<Future<?>> ofPool = new ArrayList<>();
            for (UpstreamUrl url : pool.urls()) {
                ofPool.add(resolver.resolve(url.host()).andThen(done -> remember(url, done.succeeded() ? done.result() : null,
                        done.cause())));
            }
            lookups.add(Future.join(ofPool).andThen(done -> pool.resolvedTo(snapshot(pool.urls()))));
        }
        return Future.join(lookups).mapEmpty();
    }

    private synchronized void remember(UpstreamUrl url, List<InetAddress> addresses, Throwable failure) {
        if (addresses != null && !addresses.isEmpty()) {
            List<InetAddress> before = known.put(url, addresses);
            if (!addresses.equals(before)) {
                LOG.infof("%s resolves to %s", url, addresses);
            }
        } else {
            LOG.warnf("Cannot resolve %s (%s); keeping %s", url, failure == null ? "no address" : failure.getMessage(),
                    known.getOrDefault(url, List.of()));
        }
    }

    private synchronized Map<UpstreamUrl, List<InetAddress>> snapshot(List<UpstreamUrl> urls) {
        Map<UpstreamUrl, List<InetAddress>> addresses = new HashMap<>();
        for (UpstreamUrl url : urls) {
            addresses.put(url, known.getOrDefault(url, List.of()));
        }
        return addresses;
    }
}
