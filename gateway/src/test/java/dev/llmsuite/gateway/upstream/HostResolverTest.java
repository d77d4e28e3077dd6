package dev.llmsuite.gateway.upstream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link HostResolver} against a real DNS server ({@link TestDnsServer}) and a real hosts file. */
class HostResolverTest {

    private static TestDnsServer dns;
    private static HostResolver resolver;
    private static Path hosts;

    @BeforeAll
    static void start() throws Exception {
        dns = new TestDnsServer();
        hosts = Files.createTempFile("hosts", "");
        Files.writeString(hosts, "127.0.0.7 pinned.svc.test\n127.0.0.8 pinned.svc.test\n");
        resolver = new HostResolver(new File(hosts.toString()), List.of(dns.address()));
    }

    @AfterAll
    static void stop() throws Exception {
        resolver.close();
        dns.close();
        Files.deleteIfExists(hosts);
    }

    private static Set<String> resolve(String host) throws Exception {
        // A loopback DNS server answers at once; minutes only so that a loaded machine never fails it.
        List<InetAddress> addresses = resolver.resolve(host).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        return addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.toSet());
    }

    @Test
    void everyARecordAndAaaaRecordOfAHeadlessServiceIsAnAddress() throws Exception {
        dns.set("generation-headless.llm.svc.test", List.of("10.1.0.4", "10.1.0.5", "10.1.0.6", "fd00::6"));
        assertEquals(Set.of("10.1.0.4", "10.1.0.5", "10.1.0.6", "fd00:0:0:0:0:0:0:6"), resolve("generation-headless.llm.svc.test"));
    }

    @Test
    void eachLookupAsksAgainSoPodsThatComeOrGoAreSeen() throws Exception {
        dns.set("scaling.svc.test", List.of("10.2.0.1"));
        assertEquals(Set.of("10.2.0.1"), resolve("scaling.svc.test"));
        dns.set("scaling.svc.test", List.of("10.2.0.1", "10.2.0.2", "10.2.0.3"));
        assertEquals(Set.of("10.2.0.1", "10.2.0.2", "10.2.0.3"), resolve("scaling.svc.test"));
        dns.set("scaling.svc.test", List.of("10.2.0.3"));
        assertEquals(Set.of("10.2.0.3"), resolve("scaling.svc.test"));
    }

    @Test
    void theHostsFileComesFirstWithAllItsLinesAndLiteralsStandForThemselves() throws Exception {
        dns.set("pinned.svc.test", List.of("10.3.0.1"));
        assertEquals(Set.of("127.0.0.7", "127.0.0.8"), resolve("pinned.svc.test"));
        assertEquals(Set.of("10.9.8.7"), resolve("10.9.8.7"));
    }

    @Test
    void anUnknownNameFails() {
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> resolve("nobody.svc.test"));
    }
}
