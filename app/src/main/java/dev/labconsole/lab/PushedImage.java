package dev.labconsole.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * The service's image after a build: where it went and what it weighs.
 *
 * @param reference what the task definition names: {@code <repository>@sha256:...}
 * @param pushedTo the registry reference it was pushed to (in practice mode the local registry standing in
 *                 for ECR), or null when it was written to {@code archive}
 * @param archive the image archive written instead of a push ({@code podman load -i} / {@code docker load -i}), or null
 * @param digest the manifest's digest
 * @param layers each layer: what it holds, its compressed size and whether this push uploaded it
 * @param bytesUploaded bytes sent to the registry by this push
 */
public record PushedImage(String reference, String pushedTo, Path archive, String digest, List<Layer> layers,
        long bytesUploaded) {

    public PushedImage {
        layers = List.copyOf(layers);
    }

    /** One layer of the image. */
    public record Layer(String name, long compressedBytes, boolean uploaded) {
    }

    public long compressedBytes() {
        return layers.stream().mapToLong(Layer::compressedBytes).sum();
    }
}
