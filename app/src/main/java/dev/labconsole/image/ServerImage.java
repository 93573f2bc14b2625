package dev.labconsole.image;

import java.util.function.BooleanSupplier;

/**
 * Builds the model server's image from the jars this process runs from. Skeleton: the build is
 * implemented in the image work.
 */
public final class ServerImage {

    /** ECR Public's mirror of the official Temurin image: no anonymous pull limits for a classroom. */
    public static final String DEFAULT_BASE = "public.ecr.aws/docker/library/eclipse-temurin:17-jre";

    /** The image from the jars of this process's class path. */
    public static ServerImage fromClassPath() {
        return new ServerImage();
    }

    /** Builds and pushes (or writes) the image; blocks; checks {@code cancelled} between stages. */
    public BuiltImage build(ImageRequest request, ImageProgress progress, BooleanSupplier cancelled) {
        throw new ImageException(ImageException.Kind.FAILED, "image building is not implemented yet", null);
    }
}
