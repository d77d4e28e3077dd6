package dev.llmsuite.generation.completion;

import dev.llmsuite.transformer.generate.GeneratedToken;
import dev.llmsuite.transformer.generate.GenerationResult;

/** Follows a plan's choices as they generate: every token, then each choice's end. */
public interface ChoiceListener {

    void onToken(int choice, GeneratedToken token);

    void onFinish(int choice, GenerationResult result);

    ChoiceListener NONE = new ChoiceListener() {
        @Override
        public void onToken(int choice, GeneratedToken token) {
        }

        @Override
        public void onFinish(int choice, GenerationResult result) {
        }
    };
}
