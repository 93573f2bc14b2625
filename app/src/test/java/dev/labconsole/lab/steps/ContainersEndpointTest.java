package dev.labconsole.lab.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.aws.Retry;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.testing.MotoServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint test as it runs against real AWS (no emulator endpoint), with a local HTTP server
 * standing in for the load balancer: it calls until the answer is 200, and fails clearly when it never is.
 */
class ContainersEndpointTest {

    @TempDir
    Path home;

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int failuresBeforeHealthy;
    private AwsClients aws;
    private final List<LabEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            boolean healthy = calls.incrementAndGet() > failuresBeforeHealthy;
            byte[] body = (healthy ? "{\"status\":\"ok\"}" : "no healthy targets").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(healthy ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        // No endpoint override: the context is not emulated, as on real AWS (the test makes no AWS call).
        aws = AwsClients.create(new AwsTarget("us-east-1", null, null), MotoServer.CREDENTIALS);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        aws.close();
    }

    private LabContext context(Duration waitTimeout) {
        LabContext context = new LabContext(LabConfig.named("ctr-http"), aws, new LabStateStore(home).open("ctr-http"),
                events::add, new Retry(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5),
                        d -> Thread.sleep(d.toMillis()), () -> false), waitTimeout);
        // The listener port is 80; the stand-in's address carries its own port.
        context.state().put(ResourceKey.LOAD_BALANCER_DNS, "127.0.0.1:" + server.getAddress().getPort());
        return context;
    }

    @Test
    void callsUntilTheLoadBalancerAnswers200() {
        failuresBeforeHealthy = 3;
        LabContext context = context(Duration.ofSeconds(10));

        new EndpointTestStep().apply(context);

        assertThat(calls.get()).isEqualTo(4);
        assertThat(events).anySatisfy(e -> assertThat(e.message()).contains("answered 200"));
        assertThat(events).noneMatch(e -> e.kind() == LabEvent.Kind.WARNING);
        assertThat(new EndpointTestStep().verify(context)).singleElement().satisfies(r -> assertThat(r.met()).isTrue());
    }

    @Test
    void failsWithTheLastAnswerWhenTheTargetsNeverBecomeHealthy() {
        failuresBeforeHealthy = Integer.MAX_VALUE;
        LabContext context = context(Duration.ofMillis(300));

        assertThatThrownBy(() -> new EndpointTestStep().apply(context))
                .hasMessageContaining("did not answer 200").hasMessageContaining("503 no healthy targets");
        List<Requirement> requirements = new EndpointTestStep().verify(context);
        assertThat(requirements).singleElement().satisfies(r -> {
            assertThat(r.met()).isFalse();
            assertThat(r.detail()).contains("503");
        });
    }
}
