package dev.labconsole.runtime.source;

/** Receives progress while a model is fetched or unpacked; called from the fetching thread. */
@FunctionalInterface
public interface DownloadProgress {

    /** Ignores progress. */
    DownloadProgress NONE = (what, done, total) -> { };

    /**
     * Reports progress.
     *
     * @param what what is being done, e.g. {@code "downloading model.pt"}
     * @param doneBytes bytes done so far
     * @param totalBytes bytes in all, or -1 when not known
     */
    void update(String what, long doneBytes, long totalBytes);
}
