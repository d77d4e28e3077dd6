package dev.llmsuite.generation.download;

/** Hears how a download advances; the console shows a {@link ProgressBar}. Total is -1 when unknown. */
public interface DownloadProgress {

    void started(long alreadyHave, long total);

    void advanced(long have, long total);

    void finished(long total);

    DownloadProgress SILENT = new DownloadProgress() {
        @Override
        public void started(long alreadyHave, long total) {
        }

        @Override
        public void advanced(long have, long total) {
        }

        @Override
        public void finished(long total) {
        }
    };
}
