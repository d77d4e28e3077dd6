package dev.llmsuite.generation.download;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code ./suite pull [--sha256 <hex>] <owner>/<repo>/<file.gguf>[@revision]}: downloads a GGUF model into the
 * model folder that generation-service serves from, verified against the Hub's SHA-256 and, with {@code --sha256},
 * a pinned one (the Helm chart's init container runs it this way inside the image). Environment: {@code LLMSUITE_MODEL_DIR} (default
 * {@code ~/.cache/llmsuite/models}, the service's {@code llmsuite.generation.model-dir} default),
 * {@code HF_ENDPOINT} (default {@code https://huggingface.co}), {@code HF_TOKEN} for gated repositories.
 */
public final class PullCommand {

    private PullCommand() {
    }

    public static void main(String[] args) throws Exception {
        Optional<String> pinnedSha256 = Optional.empty();
        if (args.length == 3 && args[0].equals("--sha256") && args[1].matches("[0-9a-f]{64}")) {
            pinnedSha256 = Optional.of(args[1]);
            args = new String[] {args[2]};
        }
        if (args.length != 1) {
            System.err.println("usage: pull [--sha256 <64 hex digits>] <owner>/<repo>/<file.gguf>[@revision]"
                    + "   e.g. pull ggml-org/models/tinyllamas/stories260K.gguf");
            System.exit(2);
        }
        HubFile file;
        try {
            file = HubFile.parse(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path modelDir = Path.of(env("LLMSUITE_MODEL_DIR", System.getProperty("user.home") + "/.cache/llmsuite/models"));
        URI endpoint = URI.create(env("HF_ENDPOINT", "https://huggingface.co"));
        ModelDownloader downloader = new ModelDownloader(endpoint, modelDir, System.getenv("HF_TOKEN"));
        try {
            Path path = downloader.pull(file, pinnedSha256, new ProgressBar(System.out, file.path()));
            String name = path.getFileName().toString().replaceFirst("\\.gguf$", "");
            System.out.println("Model ready: " + path);
            System.out.println("generation-service serves it as model '" + name + "' on its next start.");
        } catch (java.io.IOException e) {
            System.err.println("pull failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
