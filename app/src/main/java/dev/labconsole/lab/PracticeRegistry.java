package dev.labconsole.lab;

import dev.labconsole.image.ServerImage;

/** Checks for the local registry that stands in for ECR in practice mode. */
public final class PracticeRegistry {

    private PracticeRegistry() {
    }

    /**
     * Whether {@code hostPort} is {@code host:port} on the loopback interface (the host as the image
     * builder judges it, {@link ServerImage#isLoopback}): practice mode pushes there over plain HTTP, which
     * must never leave the machine.
     */
    public static boolean isLoopback(String hostPort) {
        if (hostPort == null) {
            return false;
        }
        String value = hostPort.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || value.endsWith("]")) {
            return false;
        }
        String port = value.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            return false;
        }
        return ServerImage.isLoopback(value);
    }
}
