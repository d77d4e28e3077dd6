package dev.llmsuite.generation.download;

import java.net.URI;
import java.nio.file.Path;

/**
 * A file in a Hugging Face Hub model repository, written {@code <owner>/<repo>/<path/in/repo>}
 * with an optional {@code @revision} (default {@code main}),
 * e.g. {@code ggml-org/models/tinyllamas/stories260K.gguf}.
 */
public record HubFile(String repository, String path, String revision) {

    public static HubFile parse(String spec) {
        String revision = "main";
        int at = spec.lastIndexOf('@');
        if (at > 0) {
            revision = spec.substring(at + 1);
            spec = spec.substring(0, at);
        }
        String[] parts = spec.split("/", 3);
        if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank() || revision.isBlank()) {
            throw new IllegalArgumentException("Expected <owner>/<repo>/<file.gguf>[@revision], got '" + spec + "'");
        }
        return new HubFile(parts[0] + "/" + parts[1], parts[2], revision);
    }

    /** The Hub's download address, which redirects to the file's storage. */
    public URI resolveUri(URI endpoint) {
        String base = endpoint.toString().replaceAll("/+$", "");
        return URI.create(base + "/" + repository + "/resolve/" + revision + "/" + path);
    }

    /** Where it is kept in the local model folder: mirrors the repository layout. */
    public Path localPath(Path modelDir) {
        return modelDir.resolve(repository).resolve(path);
    }
}
