package dev.labconsole.runtime.server;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what Jetty refuses before the server's own routes see a request (a {@code Content-Length}
 * that is not a number, headers over the limit, a request line it cannot parse) with the same JSON body
 * as every other refusal, {@code {"error": ..., "status": ...}}, instead of Jetty's HTML page. The
 * sentence is this server's own: Jetty's reason is kept only when it is plain words, never an exception's
 * name or text.
 */
final class JsonErrors extends ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrors.class);

    private final ServerMetrics metrics;

    JsonErrors(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** Errors Jetty raises once a request exists (it then calls this instead of a route). */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object attribute = request.getAttribute(ERROR_STATUS);
        if (attribute instanceof Integer code && code >= 400) {
            status = code;
        }
        if (status < 400) {
            status = 500;
        }
        Object reason = request.getAttribute(ERROR_MESSAGE);
        String message = explain(status, reason == null ? null : reason.toString());
        LOG.info("{} {} refused with {}: {}", request.getMethod(), request.getHttpURI().getPath(), status, message);
        metrics.record(InferenceServer.knownPath(request.getHttpURI().getPath()), status, 0);
        byte[] body = InferenceServer.json(Map.of("error", message, "status", status));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, InferenceServer.JSON_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** Errors Jetty raises while parsing, before there is a request: the body of its direct answer. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String message = explain(status, reason);
        LOG.info("request refused with {}: {}", status, message);
        metrics.record("other", status, 0);
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, InferenceServer.JSON_TYPE));
        return ByteBuffer.wrap(InferenceServer.json(Map.of("error", message, "status", status)));
    }

    /** The sentence a client gets for {@code status}: what was wrong and what to send instead. */
    static String explain(int status, String reason) {
        String lower = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        return switch (status) {
            case 400 -> lower.contains("transfer-encoding")
                    ? "send the body either with a Content-Length or with Transfer-Encoding: chunked alone, not both"
                        + " and no other coding"
                    : lower.contains("content-length") || lower.contains("content length")
                    ? "Content-Length must be the body's size as a whole number of bytes (0 or more); send the"
                        + " body with its exact size"
                    : "the request is not valid HTTP/1.1" + plain(reason)
                        + "; send a request like POST /predict with a JSON body";
            case 408 -> "the request did not arrive in time; send the request line, headers and body at once";
            case 413 -> "the body is too large; send fewer or shorter texts per request";
            case 414 -> "the request line is too long; send the texts in a POST /predict body";
            case 431 -> "the request headers are too large; send fewer or shorter headers";
            case 501 -> "this server does not implement that" + plain(reason) + "; send GET /health or POST /predict";
            case 505 -> "this HTTP version is not supported; use HTTP/1.1";
            default -> status >= 500
                    ? "internal error; retry, and if it persists see the server's log"
                    : "the request was refused" + plain(reason) + "; see GET /docs";
        };
    }

    /** Jetty's reason in parentheses when it is plain words (no exception, class or stack text). */
    private static String plain(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 120
                || reason.matches("(?s).*(Exception|Error|\\bat |\\w+\\.\\w+\\.\\w+|\\$).*")) {
            return "";
        }
        return " (" + reason.strip() + ")";
    }
}
