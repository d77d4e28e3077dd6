package dev.llmsuite.transformer.batch;

import dev.llmsuite.transformer.attention.AttentionObserver;
import java.util.Arrays;

/**
 * The rows of one forward pass and whose they are. A row is one token at one position of one
 * sequence; a sequence contributes consecutive rows (a chunk of its prompt, or the one token it
 * decodes next), and every sequence brings its block table: the KV-cache blocks that hold its
 * positions, in order ({@code blockTable[position / blockSize]}).
 *
 * <p>This is all a forward pass needs to know about batching. Everything row-wise (every weight
 * matrix, normalization, activation) treats the rows as one matrix; only the per-position steps
 * look a row up here: the rotary or learned position embedding ({@link #position}), the write of
 * keys and values into the row's block ({@link #blockTable}), and attention, which each row
 * computes over its own sequence's positions up to its own. Logits are computed only for the rows
 * that choose a next token ({@link #logitRows}).
 */
public final class Batch {

    private final int[] tokens;
    private final int[] positions;
    private final int[] sequenceOfRow;
    private final int[][] blockTables;
    private final int[] logitRows;
    private final int longestContext;
    private final AttentionObserver attentionObserver;

    private Batch(int[] tokens, int[] positions, int[] sequenceOfRow, int[][] blockTables, int[] logitRows,
                  AttentionObserver attentionObserver) {
        this.tokens = tokens;
        this.positions = positions;
        this.sequenceOfRow = sequenceOfRow;
        this.blockTables = blockTables;
        this.logitRows = logitRows;
        this.longestContext = Arrays.stream(positions).max().orElse(-1) + 1;
        this.attentionObserver = attentionObserver;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int rows() {
        return tokens.length;
    }

    public int token(int row) {
        return tokens[row];
    }

    public int position(int row) {
        return positions[row];
    }

    /** The blocks of the row's sequence: position p lives in block {@code blockTable(row)[p / blockSize]}. */
    public int[] blockTable(int row) {
        return blockTables[sequenceOfRow[row]];
    }

    /** Positions the longest-reaching row attends over (for sizing work). */
    public int longestContext() {
        return longestContext;
    }

    /** Who records this pass's attention probabilities; null (the usual case) when nobody does. */
    public AttentionObserver attentionObserver() {
        return attentionObserver;
    }

    /** Rows whose logits the forward pass returns, in the order it returns them. */
    public int[] logitRows() {
        return logitRows.clone();
    }

    /** The {@link #logitRows} of {@code x} ({@code width} floats per row), packed one after another. */
    public float[] gatherLogitRows(float[] x, int width) {
        float[] packed = new float[logitRows.length * width];
        for (int i = 0; i < logitRows.length; i++) {
            System.arraycopy(x, logitRows[i] * width, packed, i * width, width);
        }
        return packed;
    }

    /** Packed logits ({@code vocabulary} per logit row) as one array per logit row. */
    public float[][] splitLogits(float[] logits, int vocabulary) {
        float[][] rows = new float[logitRows.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(logits, i * vocabulary, (i + 1) * vocabulary);
        }
        return rows;
    }

    /** Collects sequences' rows; each {@link #add} appends one sequence's consecutive positions. */
    public static final class Builder {

        private int[] tokens = new int[16];
        private int[] positions = new int[16];
        private int[] sequenceOfRow = new int[16];
        private int rows;
        private int[][] blockTables = new int[4][];
        private int sequences;
        private int[] logitRows = new int[4];
        private int logitCount;
        private AttentionObserver attentionObserver;

        private Builder() {
        }

        /**
         * Adds {@code count} tokens of one sequence, {@code tokens[from ...]}, at positions
         * {@code firstPosition ...}; {@code blockTable} must already hold blocks for all of them.
         * With {@code logits}, the forward pass returns the logits of the last of these rows.
         */
        public Builder add(int[] blockTable, int[] tokens, int from, int count, int firstPosition, boolean logits) {
            if (count < 1) {
                throw new IllegalArgumentException("A sequence adds at least one row, got " + count);
            }
            ensureRows(rows + count);
            if (sequences == blockTables.length) {
                blockTables = Arrays.copyOf(blockTables, 2 * sequences);
            }
            for (int i = 0; i < count; i++) {
                this.tokens[rows + i] = tokens[from + i];
                this.positions[rows + i] = firstPosition + i;
                this.sequenceOfRow[rows + i] = sequences;
            }
            blockTables[sequences++] = blockTable;
            rows += count;
            if (logits) {
                if (logitCount == logitRows.length) {
                    logitRows = Arrays.copyOf(logitRows, 2 * logitCount);
                }
                logitRows[logitCount++] = rows - 1;
            }
            return this;
        }

        /** Has the forward pass hand its attention probabilities to {@code observer} (see {@link AttentionObserver}). */
        public Builder observe(AttentionObserver observer) {
            this.attentionObserver = observer;
            return this;
        }

        public boolean isEmpty() {
            return rows == 0;
        }

        public Batch build() {
            return new Batch(Arrays.copyOf(tokens, rows), Arrays.copyOf(positions, rows), Arrays.copyOf(sequenceOfRow, rows),
                    Arrays.copyOf(blockTables, sequences), Arrays.copyOf(logitRows, logitCount), attentionObserver);
        }

        private void ensureRows(int needed) {
            if (needed > tokens.length) {
                int size = Math.max(needed, 2 * tokens.length);
                tokens = Arrays.copyOf(tokens, size);
                positions = Arrays.copyOf(positions, size);
                sequenceOfRow = Arrays.copyOf(sequenceOfRow, size);
            }
        }
    }
}
