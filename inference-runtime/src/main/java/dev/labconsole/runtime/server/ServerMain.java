package dev.labconsole.runtime.server;

import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.runtime.source.ModelLocator;

/**
 * The container's entry point without the console: {@code MODEL_URI} and {@code PORT} from the
 * environment, as the lab's task definition sets them.
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String model = System.getenv("MODEL_URI");
        int port = parsePort(System.getenv().getOrDefault("PORT", "8000"));
        try {
            ModelServer.start(ModelLocator.standard(), model, "0.0.0.0", port).serveUntilStopped();
        } catch (ModelException e) {
            // Exit so the orchestrator restarts the task and the reason is in its logs.
            System.err.println("error: " + e.getMessage());
            System.exit(1);
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
