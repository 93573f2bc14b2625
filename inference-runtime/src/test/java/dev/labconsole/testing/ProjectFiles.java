package dev.labconsole.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's root from wherever a test runs (Maven runs each module in its own folder). */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The folder holding {@code mvnw}: the repository root. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("resources"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }

    /** The bundled model's folder in the checkout. */
    public static Path bundledModel() {
        return root().resolve("resources/models/sentiment");
    }
}
