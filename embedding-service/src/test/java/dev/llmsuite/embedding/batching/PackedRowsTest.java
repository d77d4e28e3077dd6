package dev.llmsuite.embedding.batching;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where sequences sit in packed rows, and how runs of packed rows are filled. */
class PackedRowsTest {

    @Test
    void shortSequencesShareARowAndTheLongestComesFirst() {
        int half = PackedRows.ROW_TOKENS / 2;
        PackedRows plan = PackedRows.plan(new int[]{half, half, half});
        assertEquals(2, plan.rows());
        assertEquals(PackedRows.ROW_TOKENS, plan.length());
        assertArrayEquals(new int[]{0, 0, 1}, plan.rowOf());
        assertArrayEquals(new int[]{0, half, 0}, plan.offsetOf());
    }

    @Test
    void aSequenceLongerThanARowWidensTheRows() {
        int longer = PackedRows.ROW_TOKENS * 3;
        PackedRows plan = PackedRows.plan(new int[]{3, longer, 5});
        assertEquals(longer, plan.length());
        assertEquals(2, plan.rows());
        assertEquals(0, plan.rowOf()[1]);
        assertEquals(0, plan.offsetOf()[1]);
    }

    @Test
    void sequencesNeverOverlapNorLeaveTheirRow() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int[] lengths = random.ints(1 + random.nextInt(60), 1, 1 + random.nextInt(256)).toArray();
            PackedRows plan = PackedRows.plan(lengths);
            boolean[] taken = new boolean[(int) plan.positions()];
            long tokens = 0;
            for (int s = 0; s < lengths.length; s++) {
                assertTrue(plan.offsetOf()[s] + lengths[s] <= plan.length());
                for (int t = 0; t < lengths[s]; t++) {
                    int position = plan.rowOf()[s] * plan.length() + plan.offsetOf()[s] + t;
                    assertTrue(!taken[position], "overlap at " + position);
                    taken[position] = true;
                }
                tokens += lengths[s];
            }
            // First fit: a row was opened only for a sequence that fitted in no earlier row, so
            // any two rows together overfill one, and at most one row is half empty.
            int capacity = Math.max(PackedRows.ROW_TOKENS, Arrays.stream(lengths).max().orElseThrow());
            int[] filled = new int[plan.rows()];
            for (int s = 0; s < lengths.length; s++) {
                filled[plan.rowOf()[s]] += lengths[s];
            }
            assertTrue(Arrays.stream(filled).filter(f -> 2 * f <= capacity).count() <= 1, Arrays.toString(filled));
            assertEquals(tokens, Arrays.stream(filled).sum());
        }
    }

    @Test
    void packedRunsAreFilledUpToTheBudgetRowPaddingIncluded() {
        int[] lengths = new int[40];
        Arrays.fill(lengths, 10);
        int[] ends = RunPlanner.fill(lengths, 200);
        int start = 0;
        for (int end : ends) {
            int[] run = Arrays.copyOfRange(lengths, start, end);
            assertTrue(PackedRows.plan(run).positions() <= 200, "run " + start + ".." + end);
            start = end;
        }
        assertEquals(lengths.length, start);
        assertTrue(ends.length <= 3, ends.length + " runs for 400 tokens in a budget of 200");
    }

    @Test
    void aSequenceLongerThanTheBudgetRunsAlone() {
        assertArrayEquals(new int[]{2, 3}, RunPlanner.fill(new int[]{4, 4, 300}, 100));
        assertArrayEquals(new int[0], RunPlanner.fill(new int[0], 100));
    }
}
