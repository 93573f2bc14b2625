package dev.labconsole.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Writes pictures of the window to {@code app/target/screenshots/} for the README. */
public final class Screenshots {

    private Screenshots() {
    }

    /** Snapshots {@code scene} as {@code name.png}; call on the FX thread. */
    public static Path write(Scene scene, String name) {
        Path folder = Path.of(System.getProperty("labconsole.screenshots", "target/screenshots"));
        WritableImage image = scene.snapshot(null);
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(name + ".png");
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
