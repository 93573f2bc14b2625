package dev.labconsole.runtime.model;

import java.nio.file.Path;

/**
 * Keeps DJL offline and its native libraries in one known cache.
 *
 * <p>DJL reads these as system properties when an engine first loads, so they are set before the
 * first model is; a value the user set on the command line or in the environment wins.
 */
public final class DjlSettings {

    private DjlSettings() {
    }

    /** Sets {@code ai.djl.offline=true} and the cache folder unless the user chose otherwise. */
    public static void applyOfflineDefaults() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", defaultCacheDir().toString());
        }
        // One libtorch thread per call: requests run side by side on the cores, and on two cores a second
        // intra-op thread contends with the JVM's own threads (single-text p99 was 4.6 ms with two, 0.7 ms with one).
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        // DJL otherwise pings a usage-tracking endpoint on start-up; nothing leaves the machine.
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /** {@code $LABCONSOLE_HOME/djl-cache}, by default {@code ~/.labconsole/djl-cache}. */
    public static Path defaultCacheDir() {
        return labConsoleHome().resolve("djl-cache");
    }

    /** The console's home folder: {@code LABCONSOLE_HOME}, or {@code ~/.labconsole}. */
    public static Path labConsoleHome() {
        String home = System.getenv("LABCONSOLE_HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("labconsole.home");
        }
        return home == null || home.isBlank()
                ? Path.of(System.getProperty("user.home"), ".labconsole")
                : Path.of(home);
    }
}
