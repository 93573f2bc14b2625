package dev.labconsole.ui.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.labconsole.ui.FxBackgroundRunner;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.chart.BarChart;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Test page's load test against a real server on loopback: bounded, charted, refused when it cannot run. */
@ExtendWith(ApplicationExtension.class)
class LoadTestPageTest {

    private FxBackgroundRunner runner;
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicReference<String> address = new AtomicReference<>();
    private LoadTestViewModel model;

    @Start
    void start(Stage stage) throws Exception {
        runner = new FxBackgroundRunner();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/predict", exchange -> {
            exchange.getRequestBody().readAllBytes();
            served.incrementAndGet();
            byte[] reply = "{\"label\":\"positive\"}".getBytes();
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        model = new LoadTestViewModel(runner, address::get);
        stage.setScene(new Scene(new javafx.scene.layout.StackPane(new LoadTestView(model).root()), 1280, 720));
        stage.show();
    }

    @AfterEach
    void close() {
        server.stop(0);
        runner.close();
    }

    @Test
    void aBoundedTestRunsAndIsCharted(FxRobot robot) throws Exception {
        address.set("127.0.0.1:" + server.getAddress().getPort());
        robot.interact(() -> {
            model.requestsProperty().set("60");
            model.concurrencyProperty().set("4");
        });
        robot.clickOn("#runLoadTest");
        Label status = robot.lookup("#loadStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().startsWith("60 requests"));
        // The chart is filled on the FX thread: let it finish, and read it there.
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(served.get()).isEqualTo(60);
        assertThat(status.getText()).contains("60 answered 200, 0 failed (HTTP 200: 60)").contains("p95");
        BarChart<?, ?> chart = robot.lookup("#loadChart").queryAs(BarChart.class);
        List<Integer> perSeries = WaitForAsyncUtils.asyncFx(() -> chart.getData().stream().map(series -> series.getData()
                .stream().mapToInt(d -> ((Number) d.getYValue()).intValue()).sum()).toList()).get(10, TimeUnit.SECONDS);
        assertThat(perSeries).singleElement().isEqualTo(60);
    }

    @Test
    void withoutALoadBalancerOrWithTooManyRequestsNothingIsSent(FxRobot robot) {
        robot.clickOn("#runLoadTest");
        Label status = robot.lookup("#loadStatus").queryAs(Label.class);
        assertThat(status.getText()).contains("create the load balancer first");

        address.set("127.0.0.1:" + server.getAddress().getPort());
        robot.interact(() -> model.requestsProperty().set("50000"));
        robot.clickOn("#runLoadTest");
        assertThat(status.getText()).contains("between 1 and 5000");
        assertThat(served.get()).isZero();
    }
}
