package dev.llmsuite.tokenizer.bpe;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flat piece store's sequence locks: with two buckets for hundreds of pieces, every put
 * replaces a slot that other threads are reading, and a lookup must still return a piece's own
 * tokens or nothing, never a mix of two pieces.
 */
class ShortPiecesTest {

    private static final int PIECES = 300;
    private static final int THREADS = 4;
    private static final int HITS_PER_THREAD = 40_000;
    /**
     * Eight slots hold 8 of the 300 pieces, so about one lookup in 40 finds its piece; rewrites
     * by other threads turn a few of those hits into misses (one in 42 with four threads on two
     * cores). A thread that needs 1,000 lookups per hit is looking past pieces that are there:
     * a bug, which this bound reports instead of looping forever.
     */
    private static final long MAX_LOOKUPS_PER_THREAD = 1_000L * HITS_PER_THREAD;

    private record Piece(byte[] padded, int length, long hash, int[] tokens) {
    }

    @Test
    void aPieceThatWasPutIsFoundWithItsTokens() {
        ShortPieces store = new ShortPieces();
        Piece piece = pieces(new Random(1)).get(17);
        assertFalse(store.addTo(piece.hash(), piece.padded(), 0, piece.length(), new TokenBuffer(16)));
        store.put(piece.hash(), piece.padded(), 0, piece.length(), buffer(piece.tokens()), piece.tokens().length);
        TokenBuffer out = new TokenBuffer(16);
        assertTrue(store.addTo(piece.hash(), piece.padded(), 0, piece.length(), out));
        assertArrayEquals(piece.tokens(), out.toArray());
    }

    /**
     * Every thread looks up random pieces, puts each one it misses (replacing a slot that the
     * others may be reading) and checks each hit, until it has checked {@link #HITS_PER_THREAD}
     * hits. The test counts hits, not time, so it checks as many whatever the scheduling.
     */
    @Test
    void readersNeverSeeATornSlotWhileWritersReplaceIt() throws InterruptedException {
        ShortPieces store = new ShortPieces(3);
        List<Piece> pieces = pieces(new Random(2));
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(100 + t);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    lookUpAndPutUntilEnoughHits(store, pieces, random);
                } catch (Throwable failure) {
                    failures.add(failure);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
    }

    private static void lookUpAndPutUntilEnoughHits(ShortPieces store, List<Piece> pieces, Random random) {
        int hits = 0;
        for (long lookups = 1; hits < HITS_PER_THREAD; lookups++) {
            if (lookups > MAX_LOOKUPS_PER_THREAD) {
                throw new AssertionError("only " + hits + " of " + MAX_LOOKUPS_PER_THREAD + " lookups found their piece");
            }
            Piece piece = pieces.get(random.nextInt(PIECES));
            TokenBuffer out = new TokenBuffer(16);
            if (store.addTo(piece.hash(), piece.padded(), 0, piece.length(), out)) {
                hits++;
                if (!Arrays.equals(piece.tokens(), out.toArray())) {
                    throw new AssertionError("piece of " + piece.length() + " bytes came back as "
                            + Arrays.toString(out.toArray()) + ", not " + Arrays.toString(piece.tokens()));
                }
            } else {
                store.put(piece.hash(), piece.padded(), 0, piece.length(), buffer(piece.tokens()), piece.tokens().length);
            }
        }
    }

    /** Distinct pieces of 1 to 24 bytes, each with its own one to eight tokens. */
    private static List<Piece> pieces(Random random) {
        List<Piece> pieces = new ArrayList<>();
        for (int p = 0; p < PIECES; p++) {
            int length = 1 + p % ShortPieces.MAX_LENGTH;
            byte[] padded = new byte[length + 8];
            for (int i = 0; i < length; i++) {
                padded[i] = (byte) random.nextInt(256);
            }
            padded[0] = (byte) p;
            int[] tokens = new int[1 + p % ShortPieces.MAX_TOKENS];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = p * 1_000 + i;
            }
            pieces.add(new Piece(padded, length, SliceHash.of(padded, 0, length), tokens));
        }
        return pieces;
    }

    private static TokenBuffer buffer(int[] tokens) {
        TokenBuffer buffer = new TokenBuffer(16);
        for (int token : tokens) {
            buffer.add(token);
        }
        return buffer;
    }
}
