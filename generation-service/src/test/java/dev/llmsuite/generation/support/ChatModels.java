package dev.llmsuite.generation.support;

import dev.llmsuite.tokenizer.bytelevel.ByteAlphabet;
import dev.llmsuite.transformer.gguf.TensorType;
import dev.llmsuite.transformer.synthetic.SyntheticModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small GGUF models with a chat template and the template's special tokens, written by our
 * GGUF writer: a byte-level vocabulary (one token per byte plus a few merges) followed by the
 * control tokens of ChatML (Qwen2.5) and Llama 3, with a published template from the test data.
 */
public final class ChatModels {

    public static final List<String> CONTROL_TOKENS = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|begin_of_text|>",
            "<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>");
    private static final String[] MERGES = {"Ġ t", "h e", "Ġt he", "Ġ a", "i n", "e r", "o n", "Ġ s"};

    private ChatModels() {
    }

    /**
     * Writes a model whose template is {@code chat-templates/<template>.jinja} (none if null), with
     * BOS/EOS as the family has them ({@code <|begin_of_text|>} for Llama 3, {@code <|endoftext|>} otherwise).
     */
    public static Path write(Path folder, String template, String pre) {
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(ByteAlphabet.spell(new byte[] {(byte) b}));
            types.add(1);
        }
        for (String merge : MERGES) {
            tokens.add(merge.replace(" ", ""));
            types.add(1);
        }
        for (String control : CONTROL_TOKENS) {
            tokens.add(control);
            types.add(3);
        }
        boolean llama3 = template != null && template.startsWith("llama-3");
        int bos = tokens.indexOf(llama3 ? "<|begin_of_text|>" : "<|endoftext|>");
        int eos = tokens.indexOf(llama3 ? "<|eot_id|>" : "<|im_end|>");
        String source = template == null ? null : resource("/chat-templates/" + template + ".jinja");
        Path file = folder.resolve((template == null ? "no-template" : template) + ".gguf");
        try {
            SyntheticModel.writeLlama(file, new SyntheticModel.Shape(32, 32, 1, 1, 1, 512), TensorType.F32, "synthetic-" + file.getFileName(),
                    tokens.size(), g -> {
                        g.putString("tokenizer.ggml.model", "gpt2");
                        g.putString("tokenizer.ggml.pre", pre);
                        g.putStringArray("tokenizer.ggml.tokens", tokens.toArray(String[]::new));
                        g.putInt32Array("tokenizer.ggml.token_type", types.stream().mapToInt(Integer::intValue).toArray());
                        g.putStringArray("tokenizer.ggml.merges", MERGES);
                        g.putUint32("tokenizer.ggml.bos_token_id", bos);
                        g.putUint32("tokenizer.ggml.eos_token_id", eos);
                        if (source != null) {
                            g.putString("tokenizer.chat_template", source);
                        }
                    }, 7);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String resource(String name) {
        try (InputStream in = ChatModels.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
