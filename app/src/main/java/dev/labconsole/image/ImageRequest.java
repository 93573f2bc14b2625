package dev.labconsole.image;

/**
 * What to build and where it goes.
 *
 * @param baseImage a JRE 17 image with {@code java} on the PATH ({@link ServerImage#DEFAULT_BASE})
 * @param baseCredentials for a private base image, or null (anonymous pull)
 * @param destination registry or archive
 */
public record ImageRequest(String baseImage, RegistryCredentials baseCredentials, ImageDestination destination) {
}
