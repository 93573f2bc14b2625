package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as the container runs it: a real process, configured by PORT, stopped by SIGTERM. */
class ServeCommandTest {

    @TempDir
    Path temp;

    @Test
    void servesOnPortFromTheEnvironmentAndStopsCleanlyOnSigterm() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = temp.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.labconsole.Launcher", "serve", "--host", "127.0.0.1"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().remove("MODEL_URI");
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            URI health = URI.create("http://127.0.0.1:" + port + "/health");
            int status = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (status != 200 && System.nanoTime() < deadline && process.isAlive()) {
                try {
                    status = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode();
                } catch (IOException notListeningYet) {
                    Thread.sleep(100);
                }
                if (status == 503) {
                    Thread.sleep(100);
                }
            }
            assertThat(status).as(Files.readString(log)).isEqualTo(200);
            HttpResponse<String> prediction = http.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + port + "/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"warm , funny and wise\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(prediction.body()).contains("\"label\":\"positive\"");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stops within 20 s of SIGTERM").isTrue();
            // 143 = terminated by SIGTERM after the shutdown hooks ran; no stack trace on the way out.
            assertThat(process.exitValue()).isIn(0, 143);
            assertThat(Files.readString(log)).contains("listening on http://127.0.0.1:" + port)
                    .doesNotContain("Exception");
        } finally {
            process.destroyForcibly();
        }
    }
}
