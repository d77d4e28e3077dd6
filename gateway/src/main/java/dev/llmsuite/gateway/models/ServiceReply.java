package dev.llmsuite.gateway.models;

import io.vertx.core.buffer.Buffer;

/** What one service answered the gateway's question, or why it did not answer. */
public record ServiceReply(String service, int status, Buffer body, String failure, boolean timedOut) {

    public static ServiceReply answered(String service, int status, Buffer body) {
        return new ServiceReply(service, status, body, null, false);
    }

    public static ServiceReply failed(String service, String failure, boolean timedOut) {
        return new ServiceReply(service, 0, null, failure, timedOut);
    }

    boolean answered() {
        return failure == null;
    }

    /** Why this service's answer could not be used, for an error message or the missing-services header. */
    String problem() {
        return failure != null ? failure : "HTTP " + status;
    }
}
