package dev.llmsuite.reference;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the reference data lives: the models and corpora beside the repository in {@code ../shared}.
 * They are read in place, never copied into the project.
 *
 * <p>Resolution order: system property {@code llmsuite.shared.dir} (the build sets it to the
 * repository's sibling folder), environment variable {@code LLMSUITE_SHARED_DIR}, then
 * {@code ../shared} seen from the repository root found by walking up from the working directory.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        String configured = System.getProperty("llmsuite.shared.dir");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("LLMSUITE_SHARED_DIR");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("suite")) && Files.isDirectory(dir.resolve("../shared"))) {
                return dir.resolve("../shared").normalize();
            }
        }
        throw new IllegalStateException("Reference data not found: set LLMSUITE_SHARED_DIR to the folder that holds models/ and corpus/");
    }

    /** A file under {@code models/}, e.g. {@code stories260K.gguf}; fails clearly when it is missing. */
    public static Path model(String fileName) {
        return existing(root().resolve("models").resolve(fileName));
    }

    /** A file under {@code corpus/}, e.g. {@code en.txt}. */
    public static Path corpus(String fileName) {
        return existing(root().resolve("corpus").resolve(fileName));
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Reference file missing: " + file + " (set LLMSUITE_SHARED_DIR)");
        }
        return file;
    }
}
