package dev.labconsole.cli;

import dev.labconsole.runtime.source.ModelLocator;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * File names as the user typed them, resolved against the folder they called {@code labconsole} from:
 * the launcher changes to the checkout and passes that folder as {@code labconsole.cwd}.
 */
final class CallerPaths {

    private CallerPaths() {
    }

    /** {@code path} made absolute against the caller's folder (the process's own without the launcher). */
    static Path resolve(Path path) {
        if (path == null || path.isAbsolute()) {
            return path == null ? null : path.normalize();
        }
        String caller = System.getProperty("labconsole.cwd");
        return (caller == null || caller.isBlank() ? path.toAbsolutePath() : Path.of(caller).resolve(path)).normalize();
    }

    /**
     * A model URI with a relative folder or archive resolved the same way; {@code bundled}, {@code s3://}
     * and other URIs pass unchanged.
     */
    static String resolveModel(String uri) {
        if (uri == null || ModelLocator.isBundled(uri) || uri.contains(":")) {
            return uri;
        }
        try {
            return resolve(Path.of(uri)).toString();
        } catch (InvalidPathException e) {
            return uri;
        }
    }
}
