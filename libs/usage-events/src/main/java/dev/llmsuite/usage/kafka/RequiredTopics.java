package dev.llmsuite.usage.kafka;

import java.util.List;

/** A bean naming topics that a service reads or writes; {@link TopicSetup} creates them all at start-up. */
public interface RequiredTopics {

    List<String> topics();
}
