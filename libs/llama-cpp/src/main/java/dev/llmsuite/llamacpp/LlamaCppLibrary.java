package dev.llmsuite.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The llama.cpp build that tests and benchmarks run: the prebuilt CPU libraries of the npm package
 * {@code @node-llama-cpp/linux-x64} {@value #PACKAGE_VERSION} (llama.cpp of 2026-09-28), which
 * {@code scripts/fetch-llama-cpp.sh} unpacks into a cache folder.
 *
 * <p>Folder: system property {@code llmsuite.llama-cpp.dir}, else environment variable
 * {@code LLMSUITE_LLAMA_CPP_DIR}, else {@code ~/.cache/llmsuite/llama.cpp/3.22.1} (the script's
 * default). Loading opens libllama with its libggml and libggml-base and quiets the logging (see
 * {@link NativeLog}). Then ggml loads the CPU variant that suits this processor best
 * ({@code libggml-cpu-<variant>.so}, as llama.cpp's own tools do), unless system property
 * {@code llmsuite.llama-cpp.cpu} (or {@code LLMSUITE_LLAMA_CPP_CPU}) names one, e.g.
 * {@code haswell}: the exactness tests pin it, so that llama.cpp adds up in the same order on every
 * machine (see README, "llama.cpp as reference and peer").
 */
public final class LlamaCppLibrary {

    public static final String PACKAGE_VERSION = "3.22.1";
    private static final String LLAMA = "libllama.v0.5.0.so";
    private static final int DEVICE_TYPE_CPU = 0;

    private static LlamaCppLibrary loaded;

    private final Path folder;
    private final SymbolLookup symbols;
    private final MemorySegment cpuRegistry;
    /** The pinned CPU variant's own symbols; null when ggml chose the variant. */
    private SymbolLookup cpuVariant;

    private LlamaCppLibrary(Path folder) {
        this.folder = folder;
        Arena forever = Arena.global();
        this.symbols = SymbolLookup.libraryLookup(folder.resolve(LLAMA), forever)
                .or(SymbolLookup.libraryLookup(folder.resolve("libggml.v0.5.0.so"), forever))
                .or(SymbolLookup.libraryLookup(folder.resolve("libggml-base.so"), forever));
        NativeLog.install(this);
        String variant = configured("llmsuite.llama-cpp.cpu", "LLMSUITE_LLAMA_CPP_CPU");
        if (variant == null || variant.equals("best")) {
            try (Arena arena = Arena.ofConfined()) {
                invoke(function("ggml_backend_load_all_from_path", FunctionDescriptor.ofVoid(C.POINTER)),
                        arena.allocateFrom(folder.toString()));
            }
        } else {
            loadCpuVariant(variant);
        }
        MemorySegment cpu = (MemorySegment) invoke(function("ggml_backend_dev_by_type", FunctionDescriptor.of(C.POINTER, C.INT)),
                DEVICE_TYPE_CPU);
        if (cpu.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("ggml found no CPU backend it could load in " + folder
                    + " (none of the libggml-cpu-*.so variants runs on this processor?)" + NativeLog.lastError());
        }
        invoke(function("llama_backend_init", FunctionDescriptor.ofVoid()));
        this.cpuRegistry = (MemorySegment) invoke(
                function("ggml_backend_dev_backend_reg", FunctionDescriptor.of(C.POINTER, C.POINTER)), cpu);
    }

    /** Loads the libraries once per JVM; fails with what to do when they are not there. */
    public static synchronized LlamaCppLibrary load() {
        if (loaded == null) {
            Path folder = folder();
            if (!Files.isRegularFile(folder.resolve(LLAMA))) {
                throw new IllegalStateException("llama.cpp's libraries are not in " + folder
                        + ": run scripts/fetch-llama-cpp.sh (./suite test and ./suite bench generation run it), "
                        + "or set LLMSUITE_LLAMA_CPP_DIR to a folder holding " + LLAMA);
            }
            loaded = new LlamaCppLibrary(folder);
        }
        return loaded;
    }

    public static Path folder() {
        String configured = configured("llmsuite.llama-cpp.dir", "LLMSUITE_LLAMA_CPP_DIR");
        return configured != null
                ? Path.of(configured).toAbsolutePath().normalize()
                : Path.of(System.getProperty("user.home"), ".cache", "llmsuite", "llama.cpp", PACKAGE_VERSION);
    }

    private static String configured(String property, String environment) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** One named CPU variant, after asking it whether it runs here (its score is 0 when it does not). */
    private void loadCpuVariant(String variant) {
        Path library = folder.resolve("libggml-cpu-" + variant + ".so");
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("no CPU variant '" + variant + "' in " + folder + " (" + library.getFileName() + ")");
        }
        cpuVariant = SymbolLookup.libraryLookup(library, Arena.global());
        MemorySegment score = cpuVariant.find("ggml_backend_score")
                .orElseThrow(() -> new IllegalStateException(library + " does not export ggml_backend_score"));
        if ((int) invoke(Linker.nativeLinker().downcallHandle(score, FunctionDescriptor.of(C.INT))) == 0) {
            throw new IllegalStateException("this processor lacks instructions that ggml's '" + variant + "' CPU variant needs");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment registry = (MemorySegment) invoke(function("ggml_backend_load", FunctionDescriptor.of(C.POINTER, C.POINTER)),
                    arena.allocateFrom(library.toString()));
            if (registry.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("ggml could not load " + library + NativeLog.lastError());
            }
        }
    }

    /**
     * The symbols of the pinned CPU variant (its dot products, its activation quantizers), then
     * those of libllama, libggml and libggml-base: for tests that compare with ggml's CPU routines
     * themselves. Fails when no variant is pinned, since then ggml chose one that this lookup
     * cannot name.
     */
    public SymbolLookup cpuVariantSymbols() {
        if (cpuVariant == null) {
            throw new IllegalStateException("no CPU variant is pinned (llmsuite.llama-cpp.cpu or LLMSUITE_LLAMA_CPP_CPU)");
        }
        return cpuVariant.or(symbols);
    }

    /**
     * Any function that libllama, libggml or libggml-base export, for tests that call ggml
     * directly (its reference quantizers, say); the descriptor must match the C declaration.
     */
    public MethodHandle function(String name, FunctionDescriptor descriptor) {
        MemorySegment address = symbols.find(name)
                .orElseThrow(() -> new IllegalStateException(name + " is not exported by the llama.cpp libraries in " + folder));
        return Linker.nativeLinker().downcallHandle(address, descriptor);
    }

    /**
     * A function of the CPU backend, which ggml loaded from the variant library it chose at run
     * time, so it is reached through the backend registry as llama-bench does.
     */
    MethodHandle cpuBackendFunction(String name, FunctionDescriptor descriptor) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = (MemorySegment) invoke(
                    function("ggml_backend_reg_get_proc_address", FunctionDescriptor.of(C.POINTER, C.POINTER, C.POINTER)),
                    cpuRegistry, arena.allocateFrom(name));
            if (address.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("the CPU backend does not offer " + name);
            }
            return Linker.nativeLinker().downcallHandle(address, descriptor);
        }
    }

    /** llama.cpp's summary of the CPU backend it runs: instruction sets and whether repacking is built in. */
    public String systemInfo() {
        MemorySegment text = (MemorySegment) invoke(function("llama_print_system_info", FunctionDescriptor.of(C.POINTER)));
        return C.string(text).strip();
    }

    public Path libraryFolder() {
        return folder;
    }

    static Object invoke(MethodHandle function, Object... arguments) {
        try {
            return function.invokeWithArguments(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
