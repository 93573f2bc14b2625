package dev.labconsole.cli;

import dev.labconsole.runtime.server.ModelServer;
import dev.labconsole.runtime.source.ModelLocator;
import java.util.concurrent.Callable;
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

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is not a port number; use 1-65535");
        }
        ModelServer.start(ModelLocator.standard(), CallerPaths.resolveModel(model), host, port).serveUntilStopped();
        return ExitCode.OK;
    }
}
