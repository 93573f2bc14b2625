package dev.labconsole.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
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
 *
 * <p>While a test class runs, the SDK's default credential chain finds moto's dummy keys first (as
 * system properties), so code that reads the chain never picks up a developer's real credentials.
 */
public final class MotoExtension implements ParameterResolver, BeforeAllCallback, AfterAllCallback {

    private static final String[] CREDENTIAL_PROPERTIES = {"aws.accessKeyId", "aws.secretAccessKey"};

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        for (String property : CREDENTIAL_PROPERTIES) {
            store.put(property, java.util.Optional.ofNullable(System.getProperty(property)));
            System.setProperty(property, "testing");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        for (String property : CREDENTIAL_PROPERTIES) {
            @SuppressWarnings("unchecked")
            java.util.Optional<String> before = store.get(property, java.util.Optional.class);
            if (before == null || before.isEmpty()) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before.get());
            }
        }
    }

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
