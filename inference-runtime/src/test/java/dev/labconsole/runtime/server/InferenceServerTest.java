package dev.labconsole.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labconsole.runtime.model.ModelSpec;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.testing.ProjectFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP server on a loopback port with the bundled model, spoken to over real HTTP. */
class InferenceServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static InferenceServer server;
    private static TextClassifier classifier;

    @BeforeAll
    static void start() throws IOException {
        server = InferenceServer.start("127.0.0.1", 0);
        classifier = TextClassifier.load(ModelSpec.read(ProjectFiles.bundledModel()));
    }

    @AfterAll
    static void stop() {
        server.close();
        classifier.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        request.header("Content-Type", "application/json");
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
        assertThat(json(response).get("error").asText()).contains(message);
    }

    /** One test walks the server's life: loading (503), ready (200), answering, refusing, counting. */
    @Test
    void healthTurnsReadyThenPredictsRefusesBadRequestsAndCountsThem() throws Exception {
        HttpResponse<String> loading = send("GET", "/health", null);
        assertThat(loading.statusCode()).isEqualTo(503);
        assertThat(json(loading).get("status").asText()).isEqualTo("loading");
        assertError(send("POST", "/predict", "{\"text\": \"fine\"}"), 503, "still loading");

        server.modelReady(classifier);
        HttpResponse<String> ready = send("GET", "/health", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("labels").toString()).isEqualTo("[\"negative\",\"positive\"]");

        JsonNode one = json(send("POST", "/predict", "{\"text\": \"a gripping , beautifully acted film\"}"));
        assertThat(one.get("label").asText()).isEqualTo("positive");
        assertThat(one.get("scores").get("positive").asDouble() + one.get("scores").get("negative").asDouble())
                .isBetween(0.9999, 1.0001);
        assertThat(one.get("latency_ms").asDouble()).isPositive();
        // Which model answered, as /health names it: during a rollout old and new tasks answer side by side.
        assertThat(one.get("model").asText()).isEqualTo(json(ready).get("model").asText());
        assertThat(one.get("version").asText()).isEqualTo(json(ready).get("version").asText()).isNotBlank();

        JsonNode several = json(send("POST", "/predict",
                "{\"texts\": [\"a tedious , overlong mess\", \"warm , funny and wise\"]}"));
        assertThat(several.get("predictions")).hasSize(2);
        assertThat(several.get("predictions").get(0).get("label").asText()).isEqualTo("negative");
        assertThat(several.get("predictions").get(1).get("text").asText()).isEqualTo("warm , funny and wise");

        assertError(send("POST", "/predict", "this is not json"), 400, "not valid JSON");
        assertError(send("POST", "/predict", "{\"txt\": \"typo\"}"), 400, "send {\"text\"");
        assertError(send("POST", "/predict", "{\"text\": 42}"), 400, "\"text\" must be a string");
        assertError(send("POST", "/predict", "[\"a\"]"), 400, "must be a JSON object");
        assertError(send("POST", "/predict", ""), 400, "no body");
        assertError(send("POST", "/predict", "{\"text\": \"" + "a".repeat(1_100_000) + "\"}"), 413, "over 1024 KiB");
        assertError(send("POST", "/predict", JSON.writeValueAsString(
                java.util.Map.of("texts", Collections.nCopies(257, "ok")))), 413, "at most 256");
        assertError(send("POST", "/predict", "{\"text\": \"" + "a".repeat(10_001) + "\"}"), 422, "the limit is 10,000");
        assertError(send("POST", "/predict", "{\"texts\": [\"ok\", \"   \"]}"), 422, "texts[1] is empty");
        assertError(send("GET", "/predict", null), 405, "use POST");
        assertError(send("GET", "/nope", null), 404, "no such endpoint");

        String metrics = send("GET", "/metrics", null).body();
        assertThat(metrics).contains("http_requests_total{path=\"/predict\",status=\"200\"} 2.0");
        assertThat(metrics).contains("http_request_errors_total{path=\"/predict\",status=\"400\"} 5.0");
        assertThat(metrics).contains("texts_classified_total 3.0");
        assertThat(metrics).contains("http_request_duration_seconds_bucket{path=\"/predict\",le=\"0.005\"}");
    }

    @Test
    void docsDescribeTheApiAsHtmlAndOpenApi() throws Exception {
        HttpResponse<String> html = send("GET", "/docs", null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("POST</span> /predict");
        JsonNode openApi = json(send("GET", "/openapi.json", null));
        assertThat(openApi.get("openapi").asText()).startsWith("3.");
        assertThat(openApi.get("paths").fieldNames()).toIterable()
                .containsAll(List.of("/health", "/predict", "/metrics", "/docs"));
    }
}
