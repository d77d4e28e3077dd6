package dev.llmsuite.usage;

/**
 * Records a usage event for delivery. Returns once the event is durable (it survives the process being
 * killed), never waits for the broker; a service calls it before its response completes.
 */
public interface UsagePublisher {

    void publish(UsageEvent event);
}
