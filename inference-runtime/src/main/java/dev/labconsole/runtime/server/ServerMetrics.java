package dev.labconsole.runtime.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** The server's Prometheus metrics: requests, errors, texts classified and latency. */
final class ServerMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder()
            .name("http_requests_total")
            .help("HTTP requests served, by path and status")
            .labelNames("path", "status")
            .register(registry);
    private final Counter errors = Counter.builder()
            .name("http_request_errors_total")
            .help("HTTP requests answered with a 4xx or 5xx status, by path and status")
            .labelNames("path", "status")
            .register(registry);
    private final Counter textsClassified = Counter.builder()
            .name("texts_classified_total")
            .help("Texts classified by /predict")
            .register(registry);
    private final Histogram latency = Histogram.builder()
            .name("http_request_duration_seconds")
            .help("Time from reading a request to writing its response, by path")
            .labelNames("path")
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
            .register(registry);

    void record(String path, int status, long nanos) {
        String statusText = Integer.toString(status);
        requests.labelValues(path, statusText).inc();
        if (status >= 400) {
            errors.labelValues(path, statusText).inc();
        }
        latency.labelValues(path).observe(nanos / 1e9);
    }

    void classified(int texts) {
        textsClassified.inc(texts);
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}
