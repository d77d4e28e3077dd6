package dev.llmsuite.generation.chat;

import java.util.List;

/**
 * A conversation as a prompt for one model, and how the model's answer ends.
 *
 * @param prompt     the token ids to prefill
 * @param stop       strings that end the answer (for formats whose end-of-turn marker is plain text)
 * @param stopTokens tokens that end the answer like end-of-sequence does
 */
public record ChatTokens(int[] prompt, List<String> stop, int[] stopTokens) {
}
