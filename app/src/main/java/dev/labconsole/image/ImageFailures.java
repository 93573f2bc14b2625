package dev.labconsole.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns what Jib and the file system throw into one sentence that says what to do. */
final class ImageFailures {

    private ImageFailures() {
    }

    static ImageException explain(Throwable error, ImageReference base, ImageReference target) {
        if (error instanceof ImageException known) {
            return known;
        }
        List<Throwable> chain = chain(error);
        String reason = reason(chain);
        String all = String.join(" | ", chain.stream().map(t -> String.valueOf(t.getMessage())).toList());
        String lower = all.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
            return failed("the disk is full while building the image (" + reason + "); free some space and run again", error);
        }
        if (aboutBaseImage(chain, base, target)) {
            return failed("could not pull the base image " + base + ": " + reason + "; choose another with --base", error);
        }
        if (lower.contains("name_unknown") || lower.contains("does not exist in the registry")) {
            return failed("the repository " + target.getRepository() + " does not exist in " + target.getRegistry()
                    + ": create it first: Registry > Create / ./labconsole apply", error);
        }
        if (has(chain, RegistryUnauthorizedException.class) || has(chain, RegistryAuthenticationFailedException.class)
                || lower.contains("denied") || lower.contains("unauthorized") || lower.contains("expired")) {
            return failed("the registry " + target.getRegistry() + " refused the login for " + target.getRepository()
                    + " (" + reason + "); an ECR login lasts 12 hours: check the AWS credentials and run again", error);
        }
        if (has(chain, InsecureRegistryException.class)) {
            return failed(target.getRegistry() + " answers over plain HTTP or with a certificate this machine does not"
                    + " trust; only a registry on this machine (127.0.0.1, localhost) may use plain HTTP", error);
        }
        return failed("the image build for " + target + " stopped: " + reason
                + "; run it again (layers the registry already has are skipped)", error);
    }

    /** Whether the failure came from fetching the base image: by the step that threw, or by the host it named. */
    private static boolean aboutBaseImage(List<Throwable> chain, ImageReference base, ImageReference target) {
        for (Throwable t : chain) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String type = frame.getClassName();
                if (type.endsWith("PullBaseImageStep") || type.endsWith("ObtainBaseImageLayerStep")) {
                    return true;
                }
            }
        }
        if (base.getRegistry().equals(target.getRegistry())) {
            return false;
        }
        String baseHost = base.getRegistry();
        for (Throwable t : chain) {
            if ((t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) && String.valueOf(t.getMessage()).contains(hostOf(baseHost))) {
                return true;
            }
        }
        return false;
    }

    private static String hostOf(String registry) {
        int colon = registry.lastIndexOf(':');
        return colon > 0 && !registry.endsWith("]") ? registry.substring(0, colon) : registry;
    }

    private static String reason(List<Throwable> chain) {
        // The innermost message is usually the plain one (connection refused, unknown host).
        for (int i = chain.size() - 1; i >= 0; i--) {
            String message = chain.get(i).getMessage();
            if (message != null && !message.isBlank()) {
                String firstLine = message.strip().lines().findFirst().orElse(message);
                return chain.get(i) instanceof UnknownHostException ? "unknown host " + firstLine : firstLine;
            }
        }
        return chain.get(chain.size() - 1).getClass().getSimpleName();
    }

    private static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static boolean has(List<Throwable> chain, Class<? extends Throwable> type) {
        return chain.stream().anyMatch(type::isInstance);
    }

    private static ImageException failed(String message, Throwable cause) {
        return new ImageException(ImageException.Kind.FAILED, message, cause);
    }
}
