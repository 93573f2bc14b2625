package dev.labconsole.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP proxy in front of a registry that counts what clients send through it: the bytes, and
 * the registry requests (method and path), read from the byte stream. It forwards bytes unchanged, so
 * the registry sees the proxy's address as its own and its upload locations lead back through it. This
 * is what a registry received, independent of what the pushing side reports.
 */
public final class CountingProxy implements AutoCloseable {

    private static final Pattern REQUEST_LINE =
            Pattern.compile("(GET|HEAD|POST|PUT|PATCH|DELETE) (/v2/[^ \\r\\n]*) HTTP/1\\.[01]\\r\\n");

    private final ServerSocket server;
    private final int targetPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "counting-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong bytesIn = new AtomicLong();
    private final List<String> requests = new ArrayList<>();
    private volatile long uploadBytesPerSecond;
    private long nextSendAt;

    private CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** A proxy to {@code 127.0.0.1:targetPort}. */
    public static CountingProxy to(int targetPort) throws IOException {
        return new CountingProxy(targetPort);
    }

    /** {@code 127.0.0.1:<port>}, to use in image references instead of the registry's. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Bytes clients sent since the last {@link #reset}. */
    public long bytesReceived() {
        return bytesIn.get();
    }

    /** "METHOD /v2/..." of every request since the last {@link #reset}, in order. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** Digests of the blobs whose uploads completed ({@code PUT .../blobs/uploads/...?digest=sha256:...}). */
    public List<String> uploadedBlobs() {
        Pattern digest = Pattern.compile("[?&]digest=(sha256(?::|%3A)[0-9a-f]{64})");
        List<String> blobs = new ArrayList<>();
        for (String request : requests()) {
            if (request.startsWith("PUT ") && request.contains("/blobs/uploads/")) {
                Matcher matcher = digest.matcher(request);
                if (matcher.find()) {
                    blobs.add(matcher.group(1).replace("%3A", ":"));
                }
            }
        }
        return blobs;
    }

    /**
     * From now on clients' bytes pass at most {@code bytesPerSecond} (over all connections together), as a slow
     * uplink does: a push then lasts long enough to be stopped halfway. 0 lifts the limit.
     */
    public void limitUploads(long bytesPerSecond) {
        uploadBytesPerSecond = bytesPerSecond;
    }

    public synchronized void reset() {
        bytesIn.set(0);
        requests.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                threads.execute(() -> pump(client, upstream, true));
                threads.execute(() -> pump(upstream, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[64 * 1024];
        String carry = "";
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (fromClient) {
                    pace(read);
                    bytesIn.addAndGet(read);
                    // Request lines may straddle two reads: scan with the previous read's tail.
                    String text = carry + new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
                    Matcher matcher = REQUEST_LINE.matcher(text);
                    int scannedTo = 0;
                    while (matcher.find()) {
                        if (matcher.start() >= carry.length() || matcher.end() > carry.length()) {
                            record(matcher.group(1) + " " + matcher.group(2));
                        }
                        scannedTo = matcher.end();
                    }
                    carry = text.substring(Math.max(scannedTo, text.length() - 2048));
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side closed or failed.
        } finally {
            // HTTP clients and registries close whole connections, so one side's end is the connection's end.
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Holds {@code bytes} back until the upload limit lets them through. */
    private void pace(int bytes) throws IOException {
        long rate = uploadBytesPerSecond;
        if (rate <= 0) {
            return;
        }
        long sendAt;
        synchronized (this) {
            nextSendAt = Math.max(nextSendAt, System.nanoTime()) + bytes * 1_000_000_000L / rate;
            sendAt = nextSendAt;
        }
        long wait = sendAt - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("closed while holding an upload back");
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    private synchronized void record(String request) {
        requests.add(request);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
