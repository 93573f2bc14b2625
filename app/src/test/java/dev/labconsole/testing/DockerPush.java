package dev.labconsole.testing;

import software.amazon.awssdk.services.ecr.EcrClient;

/** What {@code docker push} leaves in an ECR repository, for an emulator that has no registry. */
public final class DockerPush {

    private static final String MANIFEST = "{\"schemaVersion\":2,"
            + "\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":7023,"
            + "\"digest\":\"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7\"},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":32654,"
            + "\"digest\":\"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f\"}]}";

    private DockerPush() {
    }

    /** An image manifest tagged {@code latest} in {@code repository}. */
    public static void latest(EcrClient ecr, String repository) {
        ecr.putImage(r -> r.repositoryName(repository).imageManifest(MANIFEST).imageTag("latest"));
    }
}
