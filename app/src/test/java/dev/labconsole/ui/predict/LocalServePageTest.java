package dev.labconsole.ui.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.ui.FxBackgroundRunner;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Serve locally from the Predict page: the bundled model answers /predict on loopback; a taken port is named. */
@ExtendWith(ApplicationExtension.class)
class LocalServePageTest {

    private PredictViewModel model;
    private FxBackgroundRunner runner;

    @Start
    void start(Stage stage) {
        runner = new FxBackgroundRunner();
        model = new PredictViewModel(runner, ConsoleLoaders.standard());
        stage.setScene(new Scene(new ScrollPane(new PredictView(model).root()), 1280, 900));
        stage.show();
        model.loadModel();
    }

    @AfterEach
    void close() {
        model.close();
        runner.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theLoadedModelIsServedCountedAndStopped(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model.modelStateProperty().get()
                == PredictViewModel.ModelState.READY);
        int port = freePort();
        LocalServerViewModel server = model.localServer();
        robot.interact(() -> server.portProperty().set(String.valueOf(port)));
        robot.interact(() -> robot.lookup("#serveLocally").queryButton().fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> server.servingProperty().get());
        assertThat(server.addressProperty().get()).isEqualTo("http://127.0.0.1:" + port);

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/predict")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"a gripping , beautifully acted film\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"label\":\"positive\"");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#serveCount").queryAs(Label.class)
                .getText().equals("1 requests answered"));

        robot.interact(() -> robot.lookup("#stopServing").queryButton().fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> server.statusProperty().get().startsWith("Stopped after 1"));
        assertThat(LocalServerViewModel.taken(port)).isEmpty();
    }

    @Test
    void aTakenPortIsNamedWithItsHolderAndAFreeOneIsOffered(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model.modelStateProperty().get()
                == PredictViewModel.ModelState.READY);
        LocalServerViewModel server = model.localServer();
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            robot.interact(() -> server.portProperty().set(String.valueOf(holder.getLocalPort())));
            robot.interact(server::start);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> server.statusProperty().get().startsWith("Port "));

            String said = server.statusProperty().get();
            assertThat(said).contains("Port " + holder.getLocalPort() + " is taken by ")
                    .contains("is free and now chosen");
            // Linux names the holder (this test's own JVM); elsewhere it is "another program".
            assertThat(said).containsAnyOf("java (process " + ProcessHandle.current().pid() + ")", "another program");
            assertThat(server.portProperty().get()).isNotEqualTo(String.valueOf(holder.getLocalPort()));
            assertThat(server.servingProperty().get()).isFalse();
        }
        robot.interact(() -> server.portProperty().set("80"));
        robot.interact(server::start);
        assertThat(server.statusProperty().get()).contains("between 1024 and 65535");
    }
}
