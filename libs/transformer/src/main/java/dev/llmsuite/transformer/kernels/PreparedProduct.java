package dev.llmsuite.transformer.kernels;

import java.util.List;

/**
 * A matrix product whose input is already quantized, cut into units (row groups) that any thread
 * may compute in any order: each unit writes its own rows of the result, with the same bits
 * whichever thread or job computes it.
 *
 * <p>Why it exists: a decoded token hands the thread team one job per matrix, and each job ends
 * with the caller waiting for the slowest thread. Products that read the same input (a layer's
 * query, key and value projections; its gate and up projections) are handed out
 * {@link #together} as one job, so a layer pays that wait, and the input's quantization, once per
 * input instead of once per matrix.
 *
 * @param units        how many units the product has
 * @param workPerUnit  multiply-adds per unit, as {@link Parallel} counts work
 * @param part         computes units [from, to)
 */
public record PreparedProduct(int units, long workPerUnit, Parallel.Range part) {

    /** Computes the products with the thread team as one job over all their units. */
    public static void together(List<PreparedProduct> products) {
        int[] starts = new int[products.size() + 1];
        long work = 0;
        for (int i = 0; i < products.size(); i++) {
            PreparedProduct product = products.get(i);
            starts[i + 1] = starts[i] + product.units;
            work += product.units * product.workPerUnit;
        }
        int units = starts[products.size()];
        if (units == 0) {
            return;
        }
        Parallel.forRange(units, work / units, (from, to) -> {
            for (int i = 0; i < products.size(); i++) {
                int first = Math.max(from, starts[i]);
                int end = Math.min(to, starts[i + 1]);
                if (first < end) {
                    products.get(i).part.run(first - starts[i], end - starts[i]);
                }
            }
        });
    }

    /** Computes this product alone with the thread team. */
    public void compute() {
        Parallel.forRange(units, workPerUnit, part);
    }
}
