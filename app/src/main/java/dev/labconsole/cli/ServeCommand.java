package dev.labconsole.cli;

import dev.labconsole.runtime.server.ModelServer;
import dev.labconsole.runtime.source.ModelLocator;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.runtime.model.DjlSettings;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the HTTP inference server; the lab's container runs this. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Serve a model over HTTP: GET /health, POST /predict, GET /metrics, GET /docs.",
            "Reads MODEL_URI and PORT from the environment too, as the lab's container does.",
            "Stops cleanly on SIGTERM or Ctrl+C."
        })
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "URI", defaultValue = "${env:MODEL_URI}",
            description = "A model folder, archive or s3:// prefix (default: $MODEL_URI, else the bundled model).")
    String model;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:PORT:-8000}",
            description = "The port to listen on (default: $PORT, else ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String host;

    private static final Pattern IPV4_SHAPE = Pattern.compile("\\d+(\\.\\d+){3}");

    /**
     * What is wrong with {@code --host}, or null: the server can only listen on an address this machine
     * has, and a bad one would otherwise end as "Unresolved address".
     */
    static String hostProblem(String host) {
        String advice = ": use 0.0.0.0 (every interface, as in the container), 127.0.0.1 (this machine only) or"
                + " one of this machine's own addresses";
        if (host == null || host.isBlank()) {
            return "--host is empty" + advice;
        }
        if (IPV4_SHAPE.matcher(host).matches()) {
            for (String part : host.split("\\.")) {
                if (part.length() > 3 || Integer.parseInt(part) > 255) {
                    return "--host '" + host + "' is not an IPv4 address (each part is 0-255)" + advice;
                }
            }
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null) {
                return null;
            }
            return "--host '" + host + "' is not an address of this machine" + advice;
        } catch (UnknownHostException e) {
            return "--host '" + host + "' is not a known host name or address" + advice;
        } catch (java.io.IOException e) {
            return "--host '" + host + "': this machine's addresses cannot be listed" + advice;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is not a port number; use 1-65535");
        }
        String hostProblem = hostProblem(host);
        if (hostProblem != null) {
            throw new IllegalArgumentException(hostProblem);
        }
        LabStateStore.createPrivate(DjlSettings.labConsoleHome());
        ModelServer.start(ModelLocator.standard(), CallerPaths.resolveModel(model), host, port).serveUntilStopped();
        return ExitCode.OK;
    }
}
