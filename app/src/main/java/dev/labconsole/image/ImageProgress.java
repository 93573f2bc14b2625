package dev.labconsole.image;

/** What a build reports while it runs; called from the build's threads. */
public interface ImageProgress {

    /** Bytes of one layer sent (or written) so far, out of its total. */
    void layer(String layer, long doneBytes, long totalBytes);

    /** A stage of the build ("pulling the base image ...", "pushing ..."). */
    void note(String message);

    ImageProgress NONE = new ImageProgress() {
        @Override
        public void layer(String layer, long doneBytes, long totalBytes) {
        }

        @Override
        public void note(String message) {
        }
    };
}
