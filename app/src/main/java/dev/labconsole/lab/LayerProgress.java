package dev.labconsole.lab;

/**
 * How far one layer of the service's image has been sent, for a progress bar per layer.
 *
 * @param layer what the layer holds ("libraries", "pytorch native libraries", "application", "base")
 * @param doneBytes bytes sent (or written) so far
 * @param totalBytes the layer's size
 */
public record LayerProgress(String layer, long doneBytes, long totalBytes) {

    /** "12.3 MB": how layer sizes read everywhere (decimal megabytes, as registries report them). */
    public static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    /** 0 to 1. */
    public double fraction() {
        return totalBytes <= 0 ? 0 : Math.min(1.0, (double) doneBytes / totalBytes);
    }
}
