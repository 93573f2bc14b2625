package dev.labconsole.runtime.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose request line and headers take longer than the header timeout to arrive.
 *
 * <p>Jetty's idle timeout ends a connection that sends nothing, but a client that sends one byte every
 * few seconds never goes idle and could hold its connection for as long as it likes. Jetty has no
 * deadline for a whole header block, so this sweeps the open connections a few times per timeout and
 * answers those past it 408 (JSON, {@code Connection: close}). It looks at the HTTP/1.1 parser of each
 * connection, Jetty's {@code internal} class: the one place that knows a request has begun and not ended
 * its headers; a connection that is not HTTP/1.1 is left to the idle timeout.
 */
final class SlowHeaderReaper extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(SlowHeaderReaper.class);

    private final ServerConnector connector;
    private final long timeoutNanos;
    private final long periodMillis;
    private volatile Scheduler.Task next;

    SlowHeaderReaper(ServerConnector connector, Duration timeout) {
        this.connector = connector;
        this.timeoutNanos = timeout.toNanos();
        // A few sweeps per timeout: a slow client is cut off at most a quarter late.
        this.periodMillis = Math.max(25, Math.min(1000, timeout.toMillis() / 4));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        schedule();
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
        super.doStop();
    }

    private void schedule() {
        if (isStarting() || isStarted()) {
            next = connector.getScheduler().schedule(this::sweep, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                Connection connection = endPoint.getConnection();
                if (connection instanceof HttpConnection http && tooSlow(http.getParser(), now)) {
                    reap(endPoint);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("checking for slow clients failed: {}", e.toString());
        } finally {
            schedule();
        }
    }

    private boolean tooSlow(HttpParser parser, long now) {
        // START: nothing of a next request yet (an idle kept-alive connection, the idle timeout's business).
        return !parser.isStart() && parser.inHeaderState() && now - parser.getBeginNanoTime() > timeoutNanos;
    }

    private void reap(EndPoint endPoint) {
        LOG.info("closing a connection from {}: its request headers took over {} ms", endPoint.getRemoteSocketAddress(),
                TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        byte[] body = InferenceServer.json(Map.of("error", JsonErrors.explain(408, null), "status", 408));
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: " + InferenceServer.JSON_TYPE
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        ByteBuffer answer = ByteBuffer.allocate(head.length() + body.length);
        answer.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
        // No answer is being written on this connection: its request has not been read yet.
        endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close()), answer);
    }
}
