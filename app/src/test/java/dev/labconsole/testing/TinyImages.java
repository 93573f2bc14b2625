package dev.labconsole.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import dev.labconsole.image.BuiltImage;
import dev.labconsole.image.ImageDestination;
import dev.labconsole.image.ImageLayer;
import dev.labconsole.lab.ImageSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real image publisher for tests of what happens around a build: Jib builds a one-file image from
 * scratch and really pushes it (or writes it), in a second instead of the server image's minutes.
 */
public final class TinyImages implements ImageSupport.Publisher {

    private final String content;
    private final AtomicInteger builds = new AtomicInteger();

    /** Images holding one file with {@code content}: another content, another digest. */
    public TinyImages(String content) {
        this.content = content;
    }

    /** How many images this publisher built. */
    public int builds() {
        return builds.get();
    }

    @Override
    public BuiltImage publish(dev.labconsole.image.ImageRequest request, dev.labconsole.image.ImageProgress progress,
            java.util.function.BooleanSupplier cancelled) {
        builds.incrementAndGet();
        try {
            // A fixed name (Jib keeps file names and fixes times): the same content gives the same digest.
            Path file = Files.createTempDirectory("tiny-image").resolve("content.txt");
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Containerizer to;
            if (request.destination() instanceof ImageDestination.Archive archive) {
                to = Containerizer.to(TarImage.at(archive.file()).named(archive.reference()));
            } else {
                to = Containerizer.to(RegistryImage.named(request.destination().reference()))
                        .setAllowInsecureRegistries(true);
            }
            progress.layer("application", 0, content.length());
            JibContainer container = Jib.fromScratch()
                    .addLayer(List.of(file), AbsoluteUnixPath.get("/"))
                    .containerize(to);
            progress.layer("application", content.length(), content.length());
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
            return new BuiltImage(request.destination().reference(), container.getDigest().toString(),
                    List.of(new ImageLayer("application", "sha256:?", content.length(), true)), content.length());
        } catch (Exception e) {
            throw new IllegalStateException("the tiny test image could not be built: " + e.getMessage(), e);
        }
    }
}
