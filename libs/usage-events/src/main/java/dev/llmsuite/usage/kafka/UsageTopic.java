package dev.llmsuite.usage.kafka;

import dev.llmsuite.usage.UsageConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Every service with usage events writes or reads the usage topic. */
@ApplicationScoped
public class UsageTopic implements RequiredTopics {

    private final UsageConfig config;

    UsageTopic(UsageConfig config) {
        this.config = config;
    }

    @Override
    public List<String> topics() {
        return List.of(config.topic());
    }
}
