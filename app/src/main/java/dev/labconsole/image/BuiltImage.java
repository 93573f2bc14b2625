package dev.labconsole.image;

import java.util.List;

/**
 * The result of a build: what was pushed or written.
 *
 * @param reference the reference it was pushed under ({@code registry/repository:tag})
 * @param digest the image manifest's digest ({@code sha256:...})
 * @param layers every layer, base image's included, in order
 * @param bytesUploaded bytes this build sent to the registry (0 for an archive)
 */
public record BuiltImage(String reference, String digest, List<ImageLayer> layers, long bytesUploaded) {

    public BuiltImage {
        layers = List.copyOf(layers);
    }

    /** {@code registry/repository@sha256:...}: what a task definition should name, so a new push deploys. */
    public String digestReference() {
        String repository = reference;
        int at = repository.indexOf('@');
        if (at >= 0) {
            repository = repository.substring(0, at);
        }
        int slash = repository.lastIndexOf('/');
        int colon = repository.lastIndexOf(':');
        if (colon > slash) {
            repository = repository.substring(0, colon);
        }
        return repository + "@" + digest;
    }
}
