package dev.llmsuite.transformer.tensor;

import java.util.function.Supplier;

/**
 * A value built once, on first use, by whichever thread needs it first (the others wait for it):
 * a weight matrix's repacked rows, which a lookup-only table such as the token embedding never needs.
 */
final class OnFirstUse<T> {

    private final Supplier<T> build;
    private volatile T value;

    OnFirstUse(Supplier<T> build) {
        this.build = build;
    }

    T get() {
        T built = value;
        if (built == null) {
            synchronized (this) {
                built = value;
                if (built == null) {
                    built = build.get();
                    value = built;
                }
            }
        }
        return built;
    }
}
