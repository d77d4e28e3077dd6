package dev.llmsuite.transformer.llama2c;

import dev.llmsuite.transformer.LanguageModel;
import dev.llmsuite.transformer.Session;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Greedy generation printed exactly the way llama2.c's run.c prints it, so our engine can be held
 * to llama2.c's own expected outputs. run.c's printing quirks are kept: the space that starts the
 * first piece after BOS is dropped, and single bytes that are neither printable nor whitespace are
 * not printed. {@code steps} counts every position, prompt included, as run.c does.
 *
 * <p>Usage: {@code Llama2cRun <model.bin> <tokenizer.bin> [steps] [prompt]}.
 */
public final class Llama2cRun {

    private Llama2cRun() {
    }

    public static void main(String[] args) {
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        String prompt = args.length > 3 ? args[3] : "";
        try (LanguageModel model = LanguageModel.load(Path.of(args[0]), Path.of(args[1]))) {
            System.out.println(greedy(model, prompt, steps));
        }
    }

    public static String greedy(LanguageModel model, String prompt, int steps) {
        int bos = model.info().bosToken();
        int[] promptTokens = model.encodePrompt(prompt, true);
        steps = Math.min(steps, model.info().contextLength());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Session session = model.newSession()) {
            // The prompt is forced token by token in run.c; computing it as one batch gives the same logits.
            float[] logits = session.prefill(promptTokens);
            for (int i = 1; i < promptTokens.length; i++) {
                print(model, promptTokens[i - 1], promptTokens[i], bos, printed);
            }
            int token = promptTokens[promptTokens.length - 1];
            for (int pos = promptTokens.length; pos <= steps; pos++) {
                int next = argmax(logits);
                if (next == bos) {
                    break;
                }
                print(model, token, next, bos, printed);
                token = next;
                if (pos == steps) {
                    break;
                }
                logits = session.next(token);
            }
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static void print(LanguageModel model, int previous, int token, int bos, ByteArrayOutputStream out) {
        byte[] piece = model.tokenBytes(token);
        int start = previous == bos && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
        if (piece.length - start == 1) {
            int b = piece[start] & 0xFF;
            boolean printable = b >= 0x20 && b <= 0x7E;
            boolean space = b == ' ' || (b >= '\t' && b <= '\r');
            if (!printable && !space) {
                return;
            }
        }
        out.write(piece, start, piece.length - start);
    }

    /** The first index of the largest logit: temperature 0. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
