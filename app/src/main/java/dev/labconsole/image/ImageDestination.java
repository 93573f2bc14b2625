package dev.labconsole.image;

import java.nio.file.Path;

/** Where a built image goes: pushed to a registry, or written as an archive {@code docker load} accepts. */
public sealed interface ImageDestination {

    /** The image reference, {@code registry/repository:tag}. */
    String reference();

    /**
     * Push to a registry. A registry on a loopback address is reached over plain HTTP (tests,
     * practice mode); any other over HTTPS only.
     *
     * @param credentials null for a registry that needs none
     */
    record Registry(String reference, RegistryCredentials credentials) implements ImageDestination {
    }

    /** Write an image archive to {@code file}, named {@code reference} inside. */
    record Archive(Path file, String reference) implements ImageDestination {
    }
}
