package dev.llmsuite.chaos;

/**
 * What a client saw for one request.
 *
 * @param status the HTTP status, or 0 when no response came back (connection refused or cut)
 */
record Outcome(String requestId, String tenant, String model, int status, long promptTokens, long completionTokens) {

    /** Served: the client has its answer, so the ledger must have the request exactly once. */
    boolean served() {
        return status == 200;
    }

    /**
     * The client cannot know whether the service recorded the request: the connection broke, or the gateway
     * answered 502/504 because the upstream died while answering, possibly after recording it.
     */
    boolean indeterminate() {
        return status == 0 || status == 502 || status == 504;
    }

    /** Refused with an answer (4xx, 429, 503): nothing was served, so nothing may be billed. */
    boolean refused() {
        return !served() && !indeterminate();
    }
}
