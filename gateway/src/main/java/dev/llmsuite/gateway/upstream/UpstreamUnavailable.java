package dev.llmsuite.gateway.upstream;

import java.util.List;

/** No upstream of a service could be connected to: each was tried once, or none is known. */
public final class UpstreamUnavailable extends RuntimeException {

    private final String service;

    UpstreamUnavailable(String service, List<String> attempts) {
        super(attempts.isEmpty() ? "no address is known for it yet (see the gateway log for its host names)"
                : String.join("; ", attempts), null, false, false);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
