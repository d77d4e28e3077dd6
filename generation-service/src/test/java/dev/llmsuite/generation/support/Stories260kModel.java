package dev.llmsuite.generation.support;

import dev.llmsuite.reference.SharedData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Serves the real stories260K model from ../shared/models under the name {@value #NAME}. */
public class Stories260kModel implements QuarkusTestResourceLifecycleManager {

    public static final String NAME = "stories260K";

    @Override
    public Map<String, String> start() {
        return Map.of("llmsuite.generation.models." + NAME + ".path", SharedData.model("stories260K.gguf").toString());
    }

    @Override
    public void stop() {
        // Nothing was started: the model file is only read.
    }
}
