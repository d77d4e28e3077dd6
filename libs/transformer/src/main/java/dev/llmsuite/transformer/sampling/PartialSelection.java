package dev.llmsuite.transformer.sampling;

import java.util.Arrays;

/**
 * Finds the k largest of n scores without sorting the rest: one pass over the scores with a
 * k-entry min-heap holding the best so far. Most scores lose against the heap's smallest and
 * cost a single comparison, so top-k over a 32,000-token vocabulary is one sequential scan.
 */
final class PartialSelection {

    private PartialSelection() {
    }

    /** Writes the ids of the k largest of {@code scores[0..n)} into {@code into[0..k)}, in no particular order. */
    static void selectLargest(float[] scores, int n, int k, int[] into) {
        int size = 0;
        for (int id = 0; id < n; id++) {
            if (size < k) {
                into[size] = id;
                siftUp(scores, into, size++);
            } else if (scores[id] > scores[into[0]]) {
                into[0] = id;
                siftDown(scores, into, k);
            }
        }
    }

    private static void siftUp(float[] scores, int[] heap, int at) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (scores[heap[parent]] <= scores[heap[at]]) {
                return;
            }
            swap(heap, parent, at);
            at = parent;
        }
    }

    private static void siftDown(float[] scores, int[] heap, int size) {
        int at = 0;
        while (true) {
            int smallest = at;
            int left = 2 * at + 1;
            int right = left + 1;
            if (left < size && scores[heap[left]] < scores[heap[smallest]]) {
                smallest = left;
            }
            if (right < size && scores[heap[right]] < scores[heap[smallest]]) {
                smallest = right;
            }
            if (smallest == at) {
                return;
            }
            swap(heap, at, smallest);
            at = smallest;
        }
    }

    /** Sorts {@code indices[0..n)} by descending score; meant for the short lists left after selection. */
    static void sortDescending(float[] scores, int[] indices, int n) {
        // Packing (score, position) into one long turns this into a primitive sort.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) orderedBits(scores[indices[i]]) << 32 | i;
        }
        Arrays.sort(keys);
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = indices[(int) keys[n - 1 - i]];
        }
        System.arraycopy(sorted, 0, indices, 0, n);
    }

    /** An int whose signed order is the float's order: negative floats have their magnitude bits flipped. */
    private static int orderedBits(float score) {
        int bits = Float.floatToIntBits(score);
        return bits ^ (bits >> 31 & 0x7fffffff);
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
