package dev.labconsole.lab;

import dev.labconsole.image.BuiltImage;
import dev.labconsole.image.ImageProgress;
import dev.labconsole.image.ImageRequest;
import dev.labconsole.image.ServerImage;
import java.util.function.BooleanSupplier;

/**
 * How a lab gets its service's image: who builds it, from which base, and, in practice mode, which
 * local registry stands in for ECR (the emulator has repositories but no registry).
 *
 * @param publisher builds and pushes (or writes) the model server's image
 * @param baseImage the base image, {@link ServerImage#DEFAULT_BASE} unless the student chose another
 * @param practiceRegistry {@code host:port} of a loopback registry for practice mode, or null
 */
public record ImageSupport(Publisher publisher, String baseImage, String practiceRegistry) {

    /** Builds the image; the real one is {@link ServerImage#build}. */
    @FunctionalInterface
    public interface Publisher {
        BuiltImage publish(ImageRequest request, ImageProgress progress, BooleanSupplier cancelled);
    }

    /** The project's own server image from this process's jars, the default base, no practice registry. */
    public static ImageSupport standard() {
        return new ImageSupport((request, progress, cancelled) -> ServerImage.fromClassPath()
                .build(request, progress, cancelled), ServerImage.DEFAULT_BASE, null);
    }

    public ImageSupport withPracticeRegistry(String registry) {
        return new ImageSupport(publisher, baseImage, registry);
    }

    public ImageSupport withBaseImage(String base) {
        return new ImageSupport(publisher, base, practiceRegistry);
    }
}
