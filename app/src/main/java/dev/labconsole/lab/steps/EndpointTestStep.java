package dev.labconsole.lab.steps;

import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The end-to-end test: {@code GET http://<load balancer>/health} answers 200, which means the listener,
 * the target group, the tasks, the image and the model all work. Nothing to create or delete.
 */
public final class EndpointTestStep implements Step {

    static final String PRACTICE_SKIP = "practice mode: the emulator runs no containers and its load balancer"
            + " address does not resolve, so the endpoint cannot be tested here";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public StepId id() {
        return StepId.ENDPOINT_TEST;
    }

    private static String url(LabContext context, String dns) {
        String port = context.config().listenerPort() == 80 ? "" : ":" + context.config().listenerPort();
        return "http://" + dns + port + context.config().healthCheckPath();
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "curl -i " + url(context, context.state().get(ResourceKey.LOAD_BALANCER_DNS)
                .orElse("<load-balancer-dns-name>"));
    }

    @Override
    public PlanAction plan(LabContext context) {
        return PlanAction.NOTHING;
    }

    @Override
    public void apply(LabContext context) {
        if (context.emulated()) {
            context.warn(id(), PRACTICE_SKIP);
            return;
        }
        String url = url(context, context.state().require(ResourceKey.LOAD_BALANCER_DNS, StepId.LOAD_BALANCER));
        context.waiting(id(), "calling " + url + " until it answers 200 (new targets need a few health checks)");
        try {
            String answer = context.retry().withDeadline(context.waitTimeout()).call(() -> {
                context.checkCancelled();
                String reply = call(url);
                if (!reply.startsWith("200")) {
                    throw new NotYetAnswering(reply);
                }
                return reply;
            }, NotYetAnswering.class::isInstance);
            context.progress(id(), url + " answered " + answer);
        } catch (NotYetAnswering e) {
            throw new IllegalStateException(url + " did not answer 200 within " + context.waitTimeout().toSeconds()
                    + " s (last: " + e.getMessage() + "): check the target group's health and the log group /ecs/"
                    + context.config().lab(), e);
        }
    }

    /** The endpoint answered something other than 200, or nothing yet. */
    private static final class NotYetAnswering extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotYetAnswering(String answer) {
            super(answer);
        }
    }

    /** "200 {...}", "503 ...", or what failed ("no answer: ..."). */
    static String call(String url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body() == null ? "" : response.body().strip();
            return response.statusCode() + " " + (body.length() > 200 ? body.substring(0, 200) : body);
        } catch (IOException e) {
            return "no answer: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        String text = "GET " + context.config().healthCheckPath() + " through the load balancer answers 200";
        if (context.emulated()) {
            return List.of(Requirement.met(id(), text, "skipped: " + PRACTICE_SKIP));
        }
        var dns = context.state().get(ResourceKey.LOAD_BALANCER_DNS);
        if (dns.isEmpty()) {
            return List.of(Requirement.unmet(id(), text, "no load balancer recorded: create it first"));
        }
        String answer = call(url(context, dns.get()));
        return List.of(Requirement.check(id(), text, answer.startsWith("200"), url(context, dns.get()) + ": " + answer));
    }

    @Override
    public void destroy(LabContext context) {
        // Nothing to delete: the test creates nothing.
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return List.of();
    }
}
