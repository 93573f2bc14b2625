package dev.labconsole.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.runtime.model.ModelSpec;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.testing.ProjectFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM's path: closing the server lets a request in flight finish, within an explicit bound. */
class ServerDrainTest {

    @Test
    void closeWaitsForARequestInFlightAndAnswersIt() throws Exception {
        InferenceServer server = InferenceServer.start("127.0.0.1", 0);
        try (TextClassifier classifier = TextClassifier.load(ModelSpec.read(ProjectFiles.bundledModel()));
                Socket client = new Socket("127.0.0.1", server.port())) {
            server.modelReady(classifier);
            String body = "{\"text\": \"a fine, warm film\"}";
            OutputStream out = client.getOutputStream();
            // Headers and half the body: the server is now answering this request and waits for the rest.
            out.write(("POST /predict HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body.substring(0, 10)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.requestsInFlight() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.requestsInFlight()).isEqualTo(1);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            Thread.sleep(300);
            assertThat(closing).as("close returned while a request was in flight").isNotDone();

            out.write(body.substring(10).getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            closing.get(InferenceServer.DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }
}
