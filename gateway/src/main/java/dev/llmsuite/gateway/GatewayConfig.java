package dev.llmsuite.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code llmsuite.gateway.*}: the services behind the gateway, the paths each owns, and how they are called. */
@ConfigMapping(prefix = "llmsuite.gateway")
public interface GatewayConfig {

    /** By service name: its base URLs and the path prefixes routed to it (the route table). */
    Map<String, Service> services();

    /** Services whose {@code GET /v1/models} lists are merged into the gateway's one list, in this order. */
    List<String> modelsFrom();

    /** How long to wait for a connection to one upstream before trying another one (or answering 502). */
    Duration connectTimeout();

    /**
     * Connections kept open to one upstream address. A request in flight holds one (a stream to its
     * last byte); beyond this many a request waits for one to come free, as long as the service may
     * stay silent ({@link #upstreamTimeout}), instead of failing: the service's own queue decides
     * what it admits.
     */
    @WithDefault("1024")
    int maxConnectionsPerUpstream();

    /**
     * Longest silence from an upstream: before its answer begins the client gets 504; in the middle of a
     * streamed answer the stream is cut. Each byte restarts it, so streams of any length pass.
     */
    Duration upstreamTimeout();

    /** How often the host names of the upstream URLs are resolved again (pods come and go behind a headless Service). */
    Duration resolveInterval();

    /** How long an upstream that refused or dropped a connection gets no requests before it is tried again. */
    Duration ejectionTime();

    /** A hosts file consulted before DNS, in /etc/hosts format; default: the system's. */
    Optional<String> hostsFile();

    /** Name servers ({@code host:port}, port 53 if left out) to ask instead of those in /etc/resolv.conf. */
    Optional<List<String>> dnsServers();

    RateLimit rateLimit();

    interface Service {
        /** Base URLs ({@code http://host:port}); every address a host name resolves to is one upstream. */
        List<String> urls();

        List<String> paths();
    }

    /** Per tenant (API key owner), per gateway replica; 0 = unlimited. */
    interface RateLimit {
        @WithDefault("0")
        long requestsPerMinute();

        @WithDefault("0")
        long tokensPerMinute();

        /** Services whose POST requests count tokens (they run models); other requests count only as requests. */
        @WithDefault("generation,embedding")
        List<String> meteredServices();

        /** What a chat request without max_tokens or max_completion_tokens is counted as, on top of its prompt. */
        @WithDefault("1024")
        int unboundedCompletionTokens();
    }
}
