package dev.labconsole.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The image's library layer takes the server's runtime dependencies from the list its build writes: the
 * HTTP server library must be among them, or the container would start and fail on its first class.
 */
class ServerLibrariesTest {

    @Test
    void jettysJarsGoIntoTheLibraryLayer() {
        ServerFiles files = ServerFiles.fromClassPath();
        for (String jar : new String[] {"jetty-server-", "jetty-http-", "jetty-io-", "jetty-util-"}) {
            assertThat(files.library(jar)).as(jar + "*.jar in the library layer").isPresent();
        }
        assertThat(files.libraries()).noneMatch(path -> path.getFileName().toString().startsWith("javafx-"));
    }
}
