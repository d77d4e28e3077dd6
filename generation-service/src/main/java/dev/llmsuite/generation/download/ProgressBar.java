package dev.llmsuite.generation.download;

import java.io.PrintStream;

/** A one-line console progress bar, redrawn in place with a carriage return, at most ten times a second. */
public final class ProgressBar implements DownloadProgress {

    private static final int WIDTH = 40;

    private final PrintStream out;
    private final String label;
    private long startNanos;
    private long startBytes;
    private long lastDraw;

    public ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public void started(long alreadyHave, long total) {
        startNanos = System.nanoTime();
        startBytes = alreadyHave;
        if (alreadyHave > 0) {
            out.printf("Resuming %s at %s%n", label, megabytes(alreadyHave));
        }
    }

    @Override
    public void advanced(long have, long total) {
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && have != total) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        String rate = megabytes((long) ((have - startBytes) / seconds)) + "/s";
        if (total <= 0) {
            out.printf("\r%s %s %s", label, megabytes(have), rate);
            return;
        }
        int filled = (int) (WIDTH * have / total);
        out.printf("\r%s [%s%s] %3d%% %s/%s %s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                100 * have / total, megabytes(have), megabytes(total), rate);
    }

    @Override
    public void finished(long total) {
        out.println();
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
