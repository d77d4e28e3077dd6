package dev.llmsuite.usage;

/**
 * Hands a usage event over for delivery. Never blocks and never throws on the request path:
 * delivery, retries and back-pressure are the implementation's business.
 */
public interface UsagePublisher {

    void publish(UsageEvent event);
}
