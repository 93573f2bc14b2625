package dev.labconsole.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a running {@link LocalRegistry}, started before its first test and stopped after its
 * last: {@code @ExtendWith(RegistryExtension.class)}, then a {@code LocalRegistry} parameter. Skips the
 * class, saying why, where {@code docker-registry} is not installed (CI installs it: .ci/run).
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RegistryExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(LocalRegistry.installed(),
                "docker-registry is not installed (apt-get install docker-registry); registry tests skipped");
        context.getStore(NAMESPACE).put(LocalRegistry.class, LocalRegistry.start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LocalRegistry registry = context.getStore(NAMESPACE).remove(LocalRegistry.class, LocalRegistry.class);
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(LocalRegistry.class, LocalRegistry.class);
    }
}
