package dev.llmsuite.gateway.upstream;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamPoolTest {

    private static final UpstreamUrl HEADLESS = UpstreamUrl.parse("http://generation-headless:8083");
    private final AtomicLong clock = new AtomicLong();

    private UpstreamPool poolOf(String... ips) {
        UpstreamPool pool = new UpstreamPool("generation", List.of(HEADLESS), Duration.ofSeconds(30), clock::get);
        pool.resolvedTo(Map.of(HEADLESS, addresses(ips)));
        return pool;
    }

    private static List<InetAddress> addresses(String... ips) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String ip : ips) {
            try {
                addresses.add(InetAddress.getByName(ip));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return addresses;
    }

    @Test
    void everyAddressOfAHostIsAnUpstreamAndIdleOnesShareTheLoad() {
        UpstreamPool pool = poolOf("10.0.0.1", "10.0.0.2", "10.0.0.3");
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            chosen.add(pool.choose(List.of()).orElseThrow().address().getHostAddress());
        }
        assertEquals(Set.of("10.0.0.1", "10.0.0.2", "10.0.0.3"), chosen);
    }

    @Test
    void theUpstreamWithFewestOutstandingRequestsIsChosen() {
        UpstreamPool pool = poolOf("10.0.0.1", "10.0.0.2", "10.0.0.3");
        List<Upstream> all = pool.upstreams();
        all.get(0).started();
        all.get(0).started();
        all.get(1).started();
        for (int i = 0; i < 10; i++) {
            assertSame(all.get(2), pool.choose(List.of()).orElseThrow());
        }
        all.get(2).started();
        all.get(2).started();
        assertSame(all.get(1), pool.choose(List.of()).orElseThrow());
        all.get(0).finished();
        all.get(0).finished();
        assertSame(all.get(0), pool.choose(List.of()).orElseThrow());
    }

    @Test
    void anEjectedUpstreamIsSkippedUntilItsTimeIsOverAndTriedWhenNoOtherIsLeft() {
        UpstreamPool pool = poolOf("10.0.0.1", "10.0.0.2");
        Upstream broken = pool.upstreams().get(0);
        Upstream healthy = pool.upstreams().get(1);
        healthy.started();
        healthy.started();
        pool.failed(broken);
        for (int i = 0; i < 5; i++) {
            assertSame(healthy, pool.choose(List.of()).orElseThrow());
        }
        assertSame(broken, pool.choose(List.of(healthy)).orElseThrow(), "an ejected upstream is still better than none");
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        assertSame(broken, pool.choose(List.of()).orElseThrow(), "tried again once its ejection is over");
        assertTrue(pool.choose(List.of(broken, healthy)).isEmpty());
    }

    @Test
    void aNewResolutionKeepsTheCountsOfUpstreamsThatStay() {
        UpstreamPool pool = poolOf("10.0.0.1", "10.0.0.2");
        Upstream staying = pool.upstreams().get(1);
        staying.started();
        pool.resolvedTo(Map.of(HEADLESS, addresses("10.0.0.2", "10.0.0.3")));
        assertEquals(2, pool.upstreams().size());
        assertSame(staying, pool.upstreams().get(0));
        assertEquals(1, staying.outstanding());
        assertNotEquals("10.0.0.1", pool.choose(List.of()).orElseThrow().address().getHostAddress());
    }

    @Test
    void urlsAreBaseUrlsWithAPort() {
        assertEquals(new UpstreamUrl(false, "gen", 80), UpstreamUrl.parse("http://gen"));
        assertEquals(new UpstreamUrl(true, "::1", 8443), UpstreamUrl.parse("https://[::1]:8443/"));
        for (String bad : List.of("gen:8083", "ftp://gen", "http://gen:8083/v1")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> UpstreamUrl.parse(bad), bad);
        }
    }
}
