package dev.labconsole.runtime.server;

import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.source.BundledModel;
import dev.labconsole.runtime.source.ModelLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container's entry point without the console: {@code MODEL_URI} and {@code PORT} from the
 * environment, as the lab's task definition sets them. Every event is one log line (start, listening,
 * model loaded with its time, request errors, shutdown), which the container's log driver ships as is.
 */
public final class ServerMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String model = System.getenv("MODEL_URI");
        int port;
        try {
            port = parsePort(System.getenv().getOrDefault("PORT", "8000"));
        } catch (IllegalArgumentException e) {
            LOG.error("{}; set PORT to the container port", e.getMessage());
            System.exit(2);
            return;
        }
        if (ModelLocator.isBundled(model) && !BundledModel.isAvailable()) {
            // The container image leaves the bundled model out: the task definition names the model.
            LOG.error("MODEL_URI is not set and this image has no bundled model; set MODEL_URI to the model's"
                    + " s3://bucket/prefix/");
            System.exit(2);
            return;
        }
        LOG.info("model server starting: model {}, port {}, Java {}, {} processor(s), max heap {} MiB",
                ModelLocator.isBundled(model) ? "bundled" : model, port, Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        try {
            ModelServer.start(ModelLocator.standard(), model, "0.0.0.0", port).serveUntilStopped();
        } catch (ModelException | IllegalArgumentException e) {
            // A model that cannot be loaded (a refused archive, a folder without model.properties) or a port
            // that cannot be used is bad input: exit 2, as the command line does. The orchestrator restarts
            // the task either way, and the reason is the last line of its log.
            LOG.error("stopping: {}", e.getMessage());
            System.exit(2);
        }
    }

    static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT=" + text + " is not a port number (1-65535)");
        }
    }
}
