package dev.labconsole.image;

/**
 * One layer of a built image.
 *
 * @param name what it holds ("libraries", "pytorch native libraries", "application", or "base")
 * @param digest its compressed blob's digest
 * @param compressedBytes its size as pushed
 * @param uploaded whether this build uploaded it (false when the registry had it already)
 */
public record ImageLayer(String name, String digest, long compressedBytes, boolean uploaded) {
}
