package dev.llmsuite.embedding.batching;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Where sorted rows are cut into runs: padding against the per-run overhead, within the token budget. */
class RunPlannerTest {

    @Test
    void rowsOfSimilarLengthShareOneRun() {
        assertArrayEquals(new int[]{6}, RunPlanner.cut(new int[]{10, 10, 11, 11, 12, 12}, 1024));
    }

    @Test
    void aFewLongRowsRunApartFromManyShortOnes() {
        // One run: 10 x 40 = 400 padded tokens; two runs: 16 + 8 x 5 + 16 + 2 x 40 = 152.
        assertArrayEquals(new int[]{8, 10}, RunPlanner.cut(new int[]{5, 5, 5, 5, 5, 5, 5, 5, 40, 40}, 1024));
    }

    @Test
    void aSmallDifferenceInLengthIsNotWorthAnotherRun() {
        // One run: 4 x 12 = 48; two runs: 16 + 2 x 10 + 16 + 2 x 12 = 76.
        assertArrayEquals(new int[]{4}, RunPlanner.cut(new int[]{10, 10, 12, 12}, 1024));
    }

    @Test
    void runsStayWithinTheTokenBudgetAndARowLongerThanItRunsAlone() {
        assertArrayEquals(new int[]{2, 4, 5}, RunPlanner.cut(new int[]{50, 50, 50, 50, 300}, 100));
    }

    @Test
    void nothingToCut() {
        assertArrayEquals(new int[0], RunPlanner.cut(new int[0], 1024));
    }
}
