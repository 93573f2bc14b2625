package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * How to reach AWS, as the command line or the Connect page gives it, without any SDK type, so the
 * window can hold one.
 *
 * @param region a region code, or null for the profile's / environment's
 * @param profile a profile in {@code ~/.aws}, or null for the default chain
 * @param endpoint an emulator URL (practice mode), or null for AWS ({@code AWS_ENDPOINT_URL} is read too)
 * @param pasted credentials pasted into the window (AWS Academy's "AWS Details"), kept in memory
 *               only, or null
 * @param practiceRegistry practice mode only: {@code host:port} of a loopback registry that stands in for
 *                         ECR (the emulator has none), or null
 */
public record Connection(String region, String profile, String endpoint, PastedCredentials pasted,
        String practiceRegistry) {

    public Connection(String region, String profile, String endpoint, PastedCredentials pasted) {
        this(region, profile, endpoint, pasted, null);
    }

    /** This connection with a local registry standing in for ECR in practice mode. */
    public Connection withPracticeRegistry(String registry) {
        return new Connection(region, profile, endpoint, pasted, registry);
    }

    /**
     * The three values AWS Academy shows under "AWS Details". Never written anywhere; {@link #toString}
     * hides them so a log line cannot leak them.
     */
    public record PastedCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "PastedCredentials[hidden]";
        }
    }

    /**
     * What is wrong with the endpoint, found with one TCP connection and no AWS call: nothing listens
     * there, or {@code https://} points at a plain HTTP port (the SDK would retry either for a long
     * while before failing). Null when it answers, when there is no endpoint (AWS itself), or when it
     * does not answer in time (that is for the run's own timeouts to report).
     */
    public String endpointProblem() {
        return endpointProblem("--endpoint");
    }

    /** {@link #endpointProblem()}, naming the endpoint as the student typed it ({@code field}: "Emulator URL"). */
    public String endpointProblem(String field) {
        String url = endpoint != null ? endpoint : System.getenv("AWS_ENDPOINT_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return null; // AwsTarget says what is wrong with its form.
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return null;
        }
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), port), (int) PROBE_TIMEOUT.toMillis());
            if (https && speaksPlainHttp(socket, uri.getHost(), port)) {
                return field + " " + url + ": the port speaks plain HTTP, not HTTPS; use http://" + uri.getHost()
                        + ":" + port + " (an emulator on this machine speaks http://)";
            }
            return null;
        } catch (java.net.ConnectException e) {
            return field + " " + url + ": nothing listens there (connection refused); start the emulator (in the"
                    + " window: Connect > Start emulator; by hand: moto_server -p " + port + ") or fix the address";
        } catch (java.net.UnknownHostException e) {
            return field + " " + url + ": the host " + uri.getHost() + " is not known; check its spelling, e.g."
                    + " http://127.0.0.1:5000";
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(2);

    // A TLS handshake against a plain HTTP server fails with "Unsupported or unrecognized SSL message".
    private static boolean speaksPlainHttp(java.net.Socket plain, String host, int port) {
        try {
            plain.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) ((javax.net.ssl.SSLSocketFactory)
                    javax.net.ssl.SSLSocketFactory.getDefault()).createSocket(plain, host, port, false);
            tls.startHandshake();
            return false;
        } catch (javax.net.ssl.SSLException e) {
            return String.valueOf(e.getMessage()).contains("Unsupported or unrecognized SSL message");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Checks the values (no AWS call) and builds the clients. */
    public AwsClients clients() {
        AwsTarget target = AwsTarget.of(region, profile, endpoint);
        if (pasted != null) {
            return AwsClients.create(target, StaticCredentialsProvider.create(pasted.sessionToken() == null
                    || pasted.sessionToken().isBlank()
                    ? software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(pasted.accessKeyId(),
                            pasted.secretAccessKey())
                    : AwsSessionCredentials.create(pasted.accessKeyId(), pasted.secretAccessKey(),
                            pasted.sessionToken())));
        }
        return AwsClients.create(target);
    }
}
