package dev.labconsole.lab;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks for the local registry that stands in for ECR in practice mode. */
public final class PracticeRegistry {

    private static final Pattern HOST_PORT = Pattern.compile("(localhost|127(?:\\.\\d{1,3}){3}|\\[::1\\]):(\\d{1,5})");

    private PracticeRegistry() {
    }

    /**
     * Whether {@code hostPort} is {@code host:port} on the loopback interface: practice mode pushes there
     * over plain HTTP, which must never leave the machine.
     */
    public static boolean isLoopback(String hostPort) {
        if (hostPort == null) {
            return false;
        }
        Matcher m = HOST_PORT.matcher(hostPort.trim());
        if (!m.matches()) {
            return false;
        }
        int port = Integer.parseInt(m.group(2));
        return port >= 1 && port <= 65535;
    }
}
