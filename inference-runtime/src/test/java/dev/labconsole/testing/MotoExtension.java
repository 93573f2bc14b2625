package dev.labconsole.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link MotoServer}: {@code @ExtendWith(MotoExtension.class)}, then a
 * {@code MotoServer} parameter.
 *
 * <p>One server serves the whole test run (starting one takes seconds); it runs with
 * {@code MOTO_ECS_SERVICE_RUNNING=2} so ECS services report their two tasks running, and stops
 * when the run ends. Tests that need a clean account call {@link MotoServer#reset()}.
 */
public final class MotoExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", key -> new Resource(MotoServer.start(Map.of("MOTO_ECS_SERVICE_RUNNING", "2"))),
                        Resource.class)
                .server();
    }

    /** Stops the server when JUnit closes the root store at the end of the run. */
    private record Resource(MotoServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
