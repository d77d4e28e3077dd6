package dev.llmsuite.gateway.upstream;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.HostsFileEntriesProvider;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every address a host name stands for: all lines of the hosts file that name it, else all A and AAAA
 * records DNS returns (search domains and ndots as in /etc/resolv.conf, so a Kubernetes Service's short
 * name works). Nothing is cached: each call asks again, which is how pods that came or went are seen.
 * The JDK's resolver is not used because it caches answers and returns them to every caller in the JVM.
 */
public final class HostResolver implements AutoCloseable {

    private final File hostsFile;
    private final EventLoopGroup loop;
    private final DnsNameResolver dns;

    /**
     * @param hostsFile  consulted first (may be missing)
     * @param dnsServers the name servers to ask; empty: those of /etc/resolv.conf
     */
    public HostResolver(File hostsFile, List<InetSocketAddress> dnsServers) {
        this.hostsFile = hostsFile;
        this.loop = new NioEventLoopGroup(1, new DefaultThreadFactory("gateway-dns", true));
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder(loop.next());
        if (!dnsServers.isEmpty()) {
            builder.nameServerProvider(new SequentialDnsServerAddressStreamProvider(dnsServers));
        }
        this.dns = builder
                .datagramChannelType(NioDatagramChannel.class)
                .resolveCache(NoopDnsCache.INSTANCE)
                .cnameCache(NoopDnsCnameCache.INSTANCE)
                .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
                // The hosts file is read here, on every call, with all its lines for a name.
                .hostsFileEntriesResolver((host, types) -> null)
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                .build();
    }

    public Future<List<InetAddress>> resolve(String host) {
        List<InetAddress> fromHostsFile = hostsFileEntries(host);
        if (!fromHostsFile.isEmpty()) {
            return Future.succeededFuture(fromHostsFile);
        }
        Promise<List<InetAddress>> promise = Promise.promise();
        dns.resolveAll(host).addListener(done -> {
            if (done.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> addresses = (List<InetAddress>) done.getNow();
                promise.complete(List.copyOf(addresses));
            } else {
                promise.fail(done.cause());
            }
        });
        return promise.future();
    }

    private List<InetAddress> hostsFileEntries(String host) {
        if (hostsFile == null || !hostsFile.isFile()) {
            return List.of();
        }
        HostsFileEntriesProvider entries = HostsFileEntriesProvider.parser().parseSilently(hostsFile);
        String name = host.toLowerCase(Locale.ROOT);
        List<InetAddress> addresses = new ArrayList<>(entries.ipv4Entries().getOrDefault(name, List.of()));
        addresses.addAll(entries.ipv6Entries().getOrDefault(name, List.of()));
        return addresses;
    }

    @Override
    public void close() {
        dns.close();
        loop.shutdownGracefully();
    }
}
